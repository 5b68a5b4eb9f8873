"""A results table for the claims tests: sets in (in-domain), accent (non-native) and voice."""


def soft(test_set, tau, cer, tau_from="grid", vs_hard="", vs_hard_ci="", vs_cont="", vs_cont_ci=""):
    return {
        "test_set": test_set,
        "system": "soft",
        "tau": tau,
        "cer": cer,
        "tau_from": tau_from,
        "cer_vs_hard": vs_hard,
        "cer_vs_hard_ci95": vs_hard_ci,
        "cer_vs_continuous": vs_cont,
        "cer_vs_continuous_ci95": vs_cont_ci,
    }


def ref(test_set, system, cer):
    return {"test_set": test_set, "system": system, "tau": "", "cer": cer}


ROWS = [
    ref("in", "hard", "30.0"),
    ref("in", "continuous", "20.0"),
    soft("in", "10", "28.0"),
    soft("in", "20", "29.0"),
    soft("in", "11", "27.0", "label_free", "-3.00", "[-4.00, -2.00]", "+7.00", "[+6.00, +8.00]"),
    ref("accent", "hard", "50.0"),
    ref("accent", "continuous", "44.0"),
    soft("accent", "10", "46.0"),
    soft("accent", "40", "43.0"),
    soft("accent", "30", "43.5", "label_free", "-6.50", "[-8.00, -5.00]", "-0.50", "[-1.20, +0.30]"),
    ref("voice", "hard", "40.0"),
    soft("voice", "10", "39.0"),
    soft("voice", "20", "39.5"),
    soft("voice", "12", "39.0", "label_free", "-1.00", "[-2.00, +0.50]"),
]
