from setuptools import find_packages, setup

setup(
    name="softassign",
    version="0.1.0",
    description="Discrete speech tokens with soft token assignment at inference (ESPnet recipes)",
    packages=find_packages(include=["softassign", "softassign.*"]),
    python_requires=">=3.10",
)
