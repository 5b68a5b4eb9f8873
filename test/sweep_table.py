"""A small results table with a tau sweep on two test sets (string values, as read_rows gives them)."""


def row(test_set, system, tau="", wer="", cer="", tau_from=""):
    return {
        "test_set": test_set,
        "system": system,
        "tau": tau,
        "wer": wer,
        "cer": cer,
        "n_utts": "3",
        "tau_from": tau_from,
    }


ROWS = [
    row("in", "continuous", wer="10.00", cer="5.00"),
    row("in", "hard", wer="20.00", cer="9.00"),
    row("in", "soft", "8", "16.00", "7.00", "grid"),
    row("in", "soft", "2", "18.00", "8.00", "grid"),
    row("in", "soft", "32", "15.00", "6.50", "grid"),
    row("in", "soft", "5.3", "17.00", "7.50", "label_free"),
    row("out", "hard", wer="40.00", cer="20.00"),
    row("out", "soft", "2", "30.00", "15.00", "grid"),
    row("out", "soft", "8", "30.00", "14.00", "grid"),
    row("out", "soft", "3.1", "33.00", "16.00", "label_free"),
]
