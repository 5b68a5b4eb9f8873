"""Parsing ``[JOB=a:b] LOGFILE COMMAND...`` into jobs."""

from pathlib import Path

import pytest

from softassign.errors import ConfigError
from softassign.parallel.jobs import join_command, parse_job_array


def test_job_range_is_substituted_into_log_and_command():
    array = parse_job_array(["JOB=2:4", "exp/log/dump.JOB.log", "dump", "--job", "JOB", "--nj", "3"])
    jobs = array.jobs()
    assert [job.index for job in jobs] == [2, 3, 4]
    assert jobs[1].log == Path("exp/log/dump.3.log")
    assert jobs[1].command == "dump --job 3 --nj 3"


def test_without_a_range_there_is_one_job_and_nothing_is_substituted():
    jobs = parse_job_array(["log/JOB.log", "echo", "JOB"]).jobs()
    assert [(job.index, job.log, job.command) for job in jobs] == [(1, Path("log/JOB.log"), "echo JOB")]


def test_words_with_spaces_are_quoted_and_shell_operators_kept():
    assert join_command(["grep", "a b", "x.txt", "|", "wc", "-l", ""]) == "grep 'a b' x.txt | wc -l ''"


def test_a_single_word_is_a_bash_snippet():
    assert join_command(["echo a | tr a b"]) == "echo a | tr a b"


@pytest.mark.parametrize(
    "words, message",
    [
        (["JOB=3:1", "l.JOB.log", "true"], "empty job range"),
        (["JOB=1:2", "shared.log", "true"], "share this log"),
        (["JOB=1:2", "only-a-log.JOB"], "LOGFILE COMMAND"),
    ],
)
def test_bad_job_words_are_config_errors(words, message):
    with pytest.raises(ConfigError, match=message):
        parse_job_array(words)
