import re
from pathlib import Path

from setuptools import find_packages, setup

VERSION = re.search(
    r'__version__ = "(.+)"', Path(__file__).with_name("softassign").joinpath("__init__.py").read_text()
)[1]

setup(
    name="softassign",
    version=VERSION,
    description="Discrete speech tokens with soft token assignment at inference (ESPnet recipes)",
    packages=find_packages(include=["softassign", "softassign.*"]),
    python_requires=">=3.10",
)
