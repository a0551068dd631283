"""Unit tests of tools/number_check.py on small synthetic pages (no built site needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from number_check import (
    AllowlistError,
    Number,
    check_pages,
    main,
    matches,
    page_numbers,
    parse_allowlist,
    read_numbers,
    read_page,
)


def texts(prose: str, **kwargs) -> list[str]:
    return [n.text for n in read_numbers(prose, **kwargs)]


def number(text: str) -> Number:
    (found,) = read_numbers(text)
    return found


def printed(text: str) -> Number:
    value = Decimal(text.rstrip("%"))
    return Number(text, value, -value.as_tuple().exponent, "%" if text.endswith("%") else "")


# --- reading numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ("validation loss rising 0.0949 → 0.0995", ["0.0949", "0.0995"]),
        ("about 95.9 % of them, 23–30 % lower", ["95.9 %", "23", "30 %"]),
        ("a 2× speed-up, 1.0–1.1x the time", ["2×", "1.0", "1.1x"]),
        ("the line y = 1 + 12x + 0.5, a 3x speed-up", ["12", "0.5", "3x"]),
        ("rates 1e-4, 1.5e−3, 3 × 10⁻⁴ and 10⁻⁴", ["1e-4", "1.5e−3", "3 × 10⁻⁴", "10⁻⁴"]),
        ("202,666 parameters, 1 207 samples", ["202,666", "1 207"]),
        ("σ(z) is 0 from z ≈ −88.7", ["−88.7"]),
        ("ResNet-50 has 25.6 M parameters", ["25.6 M"]),
        ("41 errors and 3 errors; 2 of 114 samples", ["41", "3", "2", "114"]),
        ("the slope shrinks by 1/4 per layer", ["1/4"]),
        ("an MLP 784→256→10", ["784", "256", "10"]),
    ],
)
def test_numbers_that_quote_results_are_read(prose, expected):
    assert texts(prose) == expected


@pytest.mark.parametrize(
    "prose",
    [
        "two layers: 2 layers, a 3×3 kernel, 8×8 digits, 5 epochs",
        "float32, plot_16, x86_64, top-1, ResNet-50, 2D, the 10th epoch",
        "PyTorch 2.0, Python 3.10, torch 2.13.0",
        "open http://localhost:6006 or runs/1234",
        "see page 16, pages 19–23, note 004, section 2.1, § 12",
    ],
)
def test_constants_names_and_references_are_not_read(prose):
    assert texts(prose) == []


def test_values_units_and_precision():
    assert (number("−88.7").value, number("−88.7").places) == (Decimal("-88.7"), 1)
    assert number("10⁻⁴").value == Decimal("0.0001") and number("10⁻⁴").places == 4
    assert number("1.5e-3").places == 4
    assert number("202,666").value == 202666
    assert number("25.6 M").value == Decimal("25.6e6") and number("25.6 M").places == -5
    assert number("95.9 %").unit == "%" and number("1.1×").unit == "×"
    assert number("1/4").value == Decimal("0.25") and number("1/4").unit == "/"


def test_in_math_small_integers_indices_and_exponents_are_the_formula():
    formula = r"\eta < 2/\lambda_{\max} \approx 0.757, \frac{1}{N}, x_{10} + u^{12}"
    assert texts(formula, math=True) == ["0.757"]
    assert texts(r"\eta = 10^{-4},\ 41\ \text{errors}", math=True) == ["10^{-4}", "41"]
    assert [n.value for n in read_numbers(r"10^{25\,600\,000},\ 1\,207", math=True)] == [
        Decimal("1e25600000"),
        1207,
    ]
    assert texts(r"\sqrt{1/6} \approx 0.41", math=True) == ["0.41"]  # √(1/6): the formula's
    assert texts("about 1/4 per layer") == ["1/4"]  # in prose, a fraction quotes a result
    assert texts(r"1 \times 2B", math=True) == []  # B is a variable here, not "billion"


def test_printed_thousands_and_magnitudes_are_read_whole():
    import number_check

    values = [n.value for n in number_check.printed_numbers("4,706 characters; 25,557,032")]
    assert values == [4706, 25557032]
    assert Decimal("1.72e10") in [n.value for n in number_check.printed_numbers("17.2 billion")]
    assert [n.value for n in number_check.printed_numbers("[1, 2, 3]")] == [1, 2, 3]


# --- matching with rounding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prose", "shown", "expected"),
    [
        ("0.0949", "0.0949", True),
        ("0.095", "0.0949", True),  # printed value rounded to the prose's 3 decimals
        ("0.09", "0.0949", True),
        ("0.0950", "0.0949", False),  # 4 decimals: a different number
        ("0.094", "0.0949", False),  # truncated, not rounded
        ("0.100", "0.1", False),  # more digits than anyone printed
        ("20", "19.6", True),
        ("0.1", "0.05", False),  # a tie is no evidence either way
        ("0.1", "0.051", True),
        ("95.9 %", "0.959", True),  # a fraction printed, a percentage quoted
        ("96 %", "0.959", True),
        ("95.9 %", "95.9", True),
        ("0.959", "95.9%", True),  # a percentage printed, a fraction quoted
        ("95.9 %", "0.96", False),  # the prose claims a digit the output lacks
        ("−88.7", "-88.72", True),
        ("88.7", "-88.72", False),  # the sign counts
        ("1e-4", "0.00012", True),
        ("1e-4", "0.00016", False),
        ("202,666", "202666", True),
        ("25.6 M", "25557032", True),
        ("1/4", "0.25", True),
        ("1/4", "0.3", False),
    ],
)
def test_rounding_rule(prose, shown, expected):
    assert matches(number(prose), printed(shown)) is expected


# --- pages -----------------------------------------------------------------------------------

PAGE = """<html><body><div class="sphx-glr-download-link-note admonition note">
<p>Go to the end to download the full example code. 123.5</p></div>
<article><section><h1>A title with 0.757<a class="headerlink" href="#x">#</a></h1>
<p>The loss falls to 0.0949 after 15 epochs, and the rate is <code class="docutils literal">
<span class="pre">0.757</span></code>; the call <code class="docutils literal"><span class="pre">
SGD(lr=0.05)</span></code> and <span class="math notranslate">\\(2/\\lambda = 0.38\\)</span>.</p>
{code}
<div class="sphx-glr-script-out highlight-none notranslate"><div class="highlight"><pre>
val loss 0.0949 after epoch 15, 99.25 in the output only</pre></div></div>
<section id="key-points"><h2>Key points</h2><ul>
<li><p>Accuracy reached 95 %, measured. Then 41 errors remained.</p></li></ul></section>
<p class="sphx-glr-timing">Total running time of the script: (0 minutes 9.534 seconds)</p>
</section></article></body></html>"""

CODE = """<div class="highlight-Python notranslate"><div class="highlight"><pre>
lr = 0.05
rate = 0.7571
assert abs(rate - 0.757) &lt; 1e-3
assert accuracy &gt; 0.95
</pre></div></div>"""


def write(tmp_path, html: str, name: str = "plot_01_page.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def findings_of(tmp_path, html: str, allow: str = ""):
    page = read_page(write(tmp_path, html))
    return check_pages([page], parse_allowlist(allow)), page


def test_only_prose_is_read_and_boilerplate_is_dropped(tmp_path):
    page = read_page(write(tmp_path, PAGE.format(code=CODE)))
    read = [n.text for _, n in page_numbers(page)]
    # title, prose, inline-code number, math decimal, Key points; not the 0.05 of the inline
    # call, not the code, the output, the download note or the running time.
    assert read == ["0.757", "0.0949", "15", "0.757", "0.38", "95 %", "41"]


def test_printed_or_asserted_numbers_pass_and_the_rest_is_reported(tmp_path):
    report, _ = findings_of(tmp_path, PAGE.format(code=CODE))
    assert [(f.number, f.section) for f in report.findings] == [
        ("0.38", "A title with 0.757"),
        ("41", "Key points"),
    ]
    assert not report.ok


def test_without_the_asserts_the_asserted_numbers_fail(tmp_path):
    report, _ = findings_of(tmp_path, PAGE.format(code=""))
    assert [f.number for f in report.findings] == ["0.757", "0.757", "0.38", "95 %", "41"]


def test_a_literal_the_code_only_uses_is_not_a_check(tmp_path):
    html = PAGE.format(code=CODE).replace("after 15 epochs", "with lr 0.05")
    report, _ = findings_of(tmp_path, html)
    (finding,) = [f for f in report.findings if f.number == "0.05"]
    assert finding.in_code
    assert "a literal in the page's code" in finding.message()


def test_the_message_names_page_sentence_and_number(tmp_path):
    report, _ = findings_of(tmp_path, PAGE.format(code=CODE))
    message = report.findings[-1].message()
    assert message.startswith('plot_01_page.html [Key points]: "41" is not printed or asserted')
    assert "in: Then 41 errors remained." in message  # the sentence, not the whole block


def test_a_page_without_output_fails_everything(tmp_path):
    html = PAGE.format(code=CODE).replace("sphx-glr-script-out", "something-else")
    report, page = findings_of(tmp_path, html)
    assert not page.printed
    assert "0.0949" in [f.number for f in report.findings]


# --- the allowlist ---------------------------------------------------------------------------

ALLOW_41 = """["plot_01_page.html"]
allow = [
  { number = "41", context = "41 errors", reason = "a count we take as given for this test" },
]
"""


def test_an_allowlisted_phrase_passes(tmp_path):
    report, _ = findings_of(tmp_path, PAGE.format(code=CODE), ALLOW_41)
    assert [f.number for f in report.findings] == ["0.38"]
    assert report.allowed == 1 and not report.stale


def test_an_entry_covers_only_its_phrase(tmp_path):
    html = PAGE.format(code=CODE).replace("41 errors", "41 mistakes")
    report, _ = findings_of(tmp_path, html, ALLOW_41)
    assert "41" in [f.number for f in report.findings]
    assert [e.context for e in report.stale] == ["41 errors"]  # and the entry is stale


def test_an_entry_for_a_printed_number_is_stale(tmp_path):
    allow = ALLOW_41.replace('"41"', '"0.0949"').replace("41 errors", "falls to 0.0949")
    report, _ = findings_of(tmp_path, PAGE.format(code=CODE), allow)
    assert [e.number.text for e in report.stale] == ["0.0949"]
    assert not report.ok


def test_entries_for_pages_not_checked_are_ignored(tmp_path):
    allow = ALLOW_41.replace("plot_01_page.html", "plot_02_other.html")
    report, _ = findings_of(tmp_path, PAGE.format(code=CODE), allow)
    assert not report.stale and report.allowed == 0


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ('{ number = "*", context = "41 errors", reason = "every number on the page" }', "one"),
        ('{ number = ".*", context = "41 errors", reason = "every number on the page" }', "one"),
        ('{ number = "", context = "41 errors", reason = "no number at all here" }', "one"),
        ('{ number = "41 42", context = "41 42", reason = "two numbers in one entry" }', "one"),
        ('{ number = "2", context = "2 layers", reason = "a small integer, never read" }', "one"),
        ('{ number = "41", context = "", reason = "no context given here" }', "does not contain"),
        (
            '{ number = "41", context = "errors", reason = "context without it" }',
            "does not contain",
        ),
        ('{ number = "41", context = "410 errors", reason = "a longer number" }', "does not"),
        ('{ number = "41", context = "41", reason = "the number alone covers all" }', "a word"),
        ('{ number = "41", context = "41 errors", reason = "" }', "3 words"),
        ('{ number = "41", context = "41 errors", reason = "constant" }', "3 words"),
        ('{ number = "41", context = "41 errors" }', "exactly the keys"),
        ('{ number = 41, context = "41 errors", reason = "not a string here" }', "strings"),
    ],
)
def test_malformed_entries_are_rejected(entry, error):
    with pytest.raises(AllowlistError, match=error):
        parse_allowlist(f'["plot_01_page.html"]\nallow = [\n  {entry},\n]\n')


def test_an_empty_or_blanket_allowlist_is_rejected():
    with pytest.raises(AllowlistError, match="non-empty list"):
        parse_allowlist('["plot_01_page.html"]\nallow = []\n')
    with pytest.raises(AllowlistError, match="exactly one key"):
        parse_allowlist('["plot_01_page.html"]\nallow_all = true\n')
    with pytest.raises(AllowlistError, match="not valid TOML"):
        parse_allowlist("[oops")


def test_duplicates_and_long_lists_are_rejected():
    entry = '  { number = "41", context = "41 errors", reason = "a count we take as given" },\n'
    with pytest.raises(AllowlistError, match="duplicate"):
        parse_allowlist(f'["p.html"]\nallow = [\n{entry}{entry}]\n')
    many = "".join(
        f'  {{ number = "{n}", context = "{n} errors", reason = "a count we take as given" }},\n'
        for n in range(10, 30)
    )
    with pytest.raises(AllowlistError, match="more than"):
        parse_allowlist(f'["p.html"]\nallow = [\n{many}]\n')


# --- the command line ------------------------------------------------------------------------


def test_the_command_line_exits_1_on_findings_and_0_when_clean(tmp_path, capsys):
    allow = tmp_path / "allow.toml"
    allow.write_text(ALLOW_41, encoding="utf-8")
    bad = write(tmp_path, PAGE.format(code=CODE))
    assert main([str(bad), "--allowlist", str(allow)]) == 1
    out = capsys.readouterr().out
    assert '"0.38" is not printed or asserted' in out and "1 unverified number(s)" in out
    (tmp_path / "good").mkdir()
    good = write(tmp_path / "good", PAGE.format(code=CODE).replace(" = 0.38", ""))
    assert main([str(good), "--allowlist", str(allow)]) == 0
    assert main([str(tmp_path / "missing.html")]) == 2
    assert main([str(bad), "--allowlist", str(allow), "--summary", "-v"]) == 1
    out = capsys.readouterr().out
    assert "'0.0949' printed 0.0949" in out and "'41' allowlisted: a count" in out
    assert "plot_01_page.html" in out.splitlines()[-1]  # the summary row


NOTEBOOK = """<html><body><article><section><h1>Why the learning rate has a ceiling</h1>
<p>The ceiling is 0.757 and the best rate 0.38; the measured table says 1.07×.</p>
<div class="cell docutils container"><div class="cell_input docutils container">
<div class="highlight-ipython3 notranslate"><div class="highlight"><pre><span></span>
eta = 2 / lam
print(f"{eta:.4f}")
</pre></div></div></div>
<div class="cell_output docutils container">
<div class="output stream highlight-myst-ansi notranslate"><div class="highlight"><pre>
<span></span>0.7571
</pre></div></div></div></div>
<div class="cell docutils container"><div class="cell_output docutils container">
<div class="output text_markdown"><p>fit takes 1.07× the time of the loop</p></div>
</div></div></section></article></body></html>"""


def test_a_notebook_page_is_found_and_its_outputs_are_printed(tmp_path):
    from number_check import is_checked_page, site_pages

    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    (site / "explanations").mkdir()
    path = write(site / "explanations", NOTEBOOK, "ceiling.html")
    write(site / "explanations", "<html><body><p>0.5</p></body></html>", "index.html")
    assert is_checked_page(path, site)
    assert [p.name for p in site_pages(site)] == ["ceiling.html"]
    page = read_page(path)  # finds the site root by itself
    assert page.key == "explanations/ceiling.html"
    report = check_pages([page], [])
    assert [f.number for f in report.findings] == ["0.38"]  # 0.757 and 1.07× were printed
