"""Drift on people's paraphrase: alarms only with evidence (issue 8).

Short hand-written pairs for each mechanism; the measured figures are in
bench/eval_rewrites.py (rewrites-dev and bench/data/rewrites).
"""

from __future__ import annotations

import pytest
from rich.console import Console

from unspin.drift import diff
from unspin.model import Document, Drift, Edit, Span

MH = ("medium", "high")


def _mh(source: str, copy: str) -> list:
    return [e for e in diff(source, copy).edits if e.severity in MH]


def _pair(shared, name: str, sid: str) -> tuple[str, str]:
    import json
    from pathlib import Path

    if "#" not in sid:
        src = (shared / "corpora" / "bbc-news-2225" / sid).read_text(encoding="utf-8")
    else:
        with (shared / "corpora" / "recovery-covid-news" / "articles.jsonl").open(encoding="utf-8") as fh:
            src = next(r["body_text"] for r in map(json.loads, fh) if r["id"] == sid)
    return src, (Path(__file__).parents[1] / "bench" / "data" / "rewrites" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "source, copy",
    [
        # synonyms and restructured clauses
        ("The firm made a surprise purchase of the unit last year.",
         "The company made an unexpected acquisition of the unit last year."),
        # a negator moved ("did not want" / "were unwilling")
        ("The players did not want to come back to training.", "The players were unwilling to return to training."),
        # "Analysts said" / "According to analysts"
        ("Analysts said the deal was a sign of strength.", "According to analysts, the deal was a sign of strength."),
        # a name moved to the other end of the sentence
        ("Rosneft bought the unit in December, officials said.",
         "In December the unit was bought by Rosneft, officials said."),
        # a place and its people
        ("China's thirst for oil has pushed prices up.", "Chinese demand for oil has pushed prices up."),
    ],
)
def test_faithful_rewording_raises_no_alarm(source, copy):
    assert _mh(source, copy) == []


def test_words_changed_inside_a_quotation_are_quote_altered():
    src = 'He said: "I have never, ever used drugs in my life."'
    cpy = 'He said: "I have never, ever been offered drugs in my life."'
    edits = _mh(src, cpy)
    assert [(e.category, e.severity) for e in edits] == [("quote-altered", "high")]


def test_a_quote_turned_into_faithful_reported_speech_is_no_alarm():
    src = 'Mr Jones said: "The plan will cost more than we thought."'
    cpy = "Mr Jones said the plan would cost more than they had thought."
    assert all(e.category != "quote-altered" for e in diff(src, cpy).edits)


def test_a_credited_claim_in_the_copys_own_voice_is_attribution_removed():
    src = ("Prices rose again in March, the agency said. "
           "The company claims its downfall was punishment for the ambitions of its founder.")
    cpy = ("Prices rose again in March, the agency said. "
           "The downfall of the company was punishment for the ambitions of its founder.")
    edits = _mh(src, cpy)
    assert any(e.category == "attribution-removed" and e.severity == "high" for e in edits), edits


def test_possibility_made_certain_across_a_restructured_sentence_is_hedge():
    src = "Officials warned there could be a second wave of infections later this year."
    cpy = "Officials warned that a second wave of infections will hit later this year."
    edits = _mh(src, cpy)
    assert any(e.category == "hedge" and e.copy is not None and "will" in e.copy.text for e in edits), edits


def test_a_hedge_in_another_tense_is_the_same_hedge():
    # "claims" in the present keeps the doubt of "claimed", also where the parse reads it as a
    # noun (text in lower case, as summaries and posts are written)
    src = ("anatoly sidorenko claimed he was teaching oleg markin how to kick the ball properly after the lad "
           "failed to show commitment.")
    cpy = "anatoly sidorenko claims he was teaching oleg markin how to kick the ball properly."
    assert not [e for e in _mh(src, cpy) if e.category == "hedge"], _mh(src, cpy)
    # the claim without its "claimed" is still a removed hedge
    gone = _mh("The coach claimed the boy had been taught properly.", "The boy had been taught properly.")
    assert any(e.category == "hedge" for e in gone), gone
    # a condition is kept by most of its words, not by one of them said elsewhere
    from unspin.drift.compare import _said_there

    assert not _said_there("if the regulators approve the sale of the plant", "the regulators are studying it", True)


def test_dropped_background_sentence_is_low():
    src = "The bridge closed on Monday. It was built in 1932 by a local firm. Repairs will take a month."
    cpy = "The bridge closed on Monday. Repairs will take a month."
    dropped = [e for e in diff(src, cpy).edits if e.category == "dropped-text"]
    assert len(dropped) == 1 and dropped[0].severity == "low" and "1932" in dropped[0].source.text


def _drift() -> Drift:
    s = "Prices rose. The firm said so. It was sunny."
    c = "Prices fell. The company said so. It was sunny."

    def sp(text: str, sub: str) -> Span:
        i = text.index(sub)
        return Span(i, i + len(sub), sub)

    return Drift(Document(s), Document(c), edits=[
        Edit("wording", "low", sp(s, "firm"), sp(c, "company"), "reworded"),
        Edit("negation", "high", sp(s, "rose"), sp(c, "fell"), "'rose' became its opposite 'fell'"),
    ])


def test_text_report_lists_high_first_and_collapses_wording():
    from unspin.cli.diff_report import print_diff

    console = Console(width=100, record=True, color_system=None, file=open("/dev/null", "w"))
    print_diff(console, _drift())
    out = console.export_text()
    table = out[out.index("Edits"):]
    assert "negation" in table and "reworded" not in table
    assert "1 rewording that keep the meaning (wording, low) not listed" in out


def test_styles_make_high_louder_than_medium():
    from unspin.cli.diff_report import STYLE_TAG

    assert "bold" in STYLE_TAG["high"] and "bold" not in STYLE_TAG["medium"]


def test_html_lists_high_edits_first():
    from unspin.drift.render_html import drift_to_html

    page = drift_to_html(_drift())
    assert page.index("High edits") < page.index("All edits")


def test_min_severity_option_filters_edits(tmp_path, monkeypatch):
    import importlib
    import json

    from typer.testing import CliRunner

    from unspin.cli.app import app

    drift_pkg = importlib.import_module("unspin.drift")
    monkeypatch.setattr(drift_pkg, "diff", lambda s, c: _drift(), raising=False)
    (tmp_path / "s.txt").write_text("Prices rose. The firm said so. It was sunny.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Prices fell. The company said so. It was sunny.", encoding="utf-8")
    res = CliRunner().invoke(app, ["diff", str(tmp_path / "s.txt"), str(tmp_path / "c.txt"), "-f", "json",
                                   "--min-severity", "high"])
    assert res.exit_code == 0, res.output
    assert [e["category"] for e in json.loads(res.output)["edits"]] == ["negation"]


def test_a_point_the_source_makes_twice_and_the_copy_once_is_not_dropped():
    src = ("Schools will stay closed for the rest of the year, the governor said. "
           "Prices of fuel rose sharply in the spring. "
           "The governor said on Friday that schools will stay closed for the rest of the year.")
    cpy = ("Prices of fuel rose sharply in the spring. "
           "On Friday the governor said schools will stay closed for the rest of the year.")
    drift = diff(src, cpy)
    assert not [e for e in drift.edits if e.copy is None and e.severity in MH], drift.edits
    assert sum(p.copy is None for p in drift.alignment) == 0


@pytest.mark.parametrize(
    "source, copy",
    [
        # a share said as a fraction of the same total
        ("Five out of ten regions have started to reopen.", "Half of the ten regions have started to reopen."),
        # a number the copy gives in the sentence before
        ('Regions must meet seven criteria to reopen. "Seven criteria, which measure the infection rate," he said.',
         "Regions must meet seven criteria to reopen. The criteria measure the infection rate, he said."),
    ],
)
def test_the_same_number_said_another_way_is_no_number_edit(source, copy):
    assert [e for e in _mh(source, copy) if e.category == "number"] == []


def test_not_moved_to_another_word_is_a_negation_but_raised_over_think_is_not():
    moved = diff("The company did not say it would cut jobs.", "The company said it would not cut jobs.").edits
    assert any(e.category == "negation" and e.severity in MH for e in moved), moved
    raised = diff("I do not think the plan works.", "I think the plan does not work.").edits
    assert all(e.severity == "low" for e in raised), raised


def test_yet_to_says_it_has_not_happened():
    """"has yet to confirm" denies what "confirmed" asserts, in a sentence of its own or with
    the verb kept around a replaced "are yet to"; "has not yet confirmed" says it again."""
    for source, copy in (("The company has yet to confirm the deal, a spokesman said.",
                          "The company confirmed the deal, a spokesman said."),
                         ("In his fourth year in charge, the team are yet to win this competition.",
                          "In his fourth year in charge, the team will win this competition.")):
        assert any(e.category == "negation" and e.severity in MH for e in diff(source, copy).edits), copy
    assert _mh("The company has yet to confirm the deal, a spokesman said.",
               "The company has not yet confirmed the deal, a spokesman said.") == []


needs_wordnet = pytest.mark.skipif(
    __import__("unspin.text.wordnet", fromlist=["wordnet"]).wordnet() is None,
    reason="WordNet is not installed (apt-get install wordnet-base; .ci/run installs it)")


@needs_wordnet
def test_a_word_the_source_never_says_in_a_copied_sentence_is_a_meaning_shift():
    source = "The company said its new factory in Leeds would employ 300 people from next spring."
    changed = _mh(source, source.replace("employ", "train"))
    assert [(e.category, e.severity) for e in changed] == [("meaning-shift", "medium")]
    assert "train" in changed[0].explanation
    # a WordNet synonym in the same place is a rewording
    assert _mh(source, source.replace("employ", "hire")) == []


def test_a_dropped_clause_that_held_a_negation_is_no_polarity_change():
    source = ("The coach said he was teaching the boy how to kick the ball properly after the boy "
              "failed to show enough commitment in a tackle.")
    copy = "The coach said he was teaching the boy how to kick the ball properly."
    assert not [e for e in diff(source, copy).edits if e.category == "negation"]
    # the negated word kept, its negator dropped: that is a change of polarity
    kept = diff("The minister did not approve the plan.", "The minister did approve the plan.")
    assert any(e.category == "negation" and e.severity == "high" for e in kept.edits)


def test_a_noun_moved_into_the_place_of_another_is_a_meaning_shift():
    """A summariser's slip: the club the sentence names elsewhere put where the player came
    from, found in lower-case text too, where no name is recognised (FALKE's summaries). The
    same person named instead of a description of them is no swap."""
    source = ("The Scotland international made an £11million move from Leeds in the summer, but the move "
              "has backfired with Fulham falling close to the relegation places.")
    copy = "The Scotland international made an £11million move from Fulham in the summer."
    assert [e.category for e in _mh(source, copy)] in (["entity"], ["meaning-shift"])
    edits = _mh(source.lower(), copy.lower())
    assert [e.category for e in edits] == ["meaning-shift"] and edits[0].source.text == "leeds", edits
    assert _mh("The Scotland international made an £11million move from Leeds in the summer.",
               "The Scotland international made a move from Leeds in the summer.") != []  # the number, not a swap
    assert _mh("His former teacher, Brianne Altice, has been charged with three felonies.",
               "Brianne Altice has been charged with three felonies.") == []


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_contraction_negates_with_the_webs_apostrophe_too(apostrophe):
    """Pages set "didn’t" with a typographic apostrophe: the negation removed is as high as
    with a straight one, and "couldn’t be independently verified" is the same hedge."""
    from unspin.text.hedges import hedges_in

    source = f"The council didn{apostrophe}t approve the plan, officials said."
    edits = _mh(source, "The council approved the plan, officials said.")
    assert [(e.category, e.severity) for e in edits] == [("negation", "high")]
    assert _mh(source, "The council did not approve the plan, officials said.") == []
    unverified = hedges_in(f"The claim couldn{apostrophe}t be independently verified.")
    assert [h.kind for h in unverified] == ["unverified"]


def test_two_negations_gone_and_come_elsewhere_are_not_one_moved():
    """A "no" removed and a "not" put on another verb, or two negations removed, keep the
    sentence's count of negations even; each still says the opposite of what it denied. A negation carried by a
    prefix or a verb on the other side is the same one ("not easy" / "uneasy")."""
    edits = _mh("Sark has no company registry and relies on the commission in Guernsey.",
                "Sark has a company registry and doesn't rely on the commission in Guernsey.")
    assert edits and all(e.category == "negation" for e in edits), edits
    edits = _mh("Microsoft said a class action isn't warranted because there is no common cause.",
                "Microsoft said a class action is warranted because there is a common cause.")
    assert [(e.category, e.severity) for e in edits] == [("negation", "high")] * 2
    assert _mh("That's not going to be easy, she said.", "That's going to be uneasy, she said.") == []
    assert _mh("Parties can do things which they aren't doing, he said.",
               "Parties could be doing things and are failing to do them, he said.") == []


def test_figures_that_show_are_figures_according_to_which():
    assert _mh("Government statistics show that more than half of all households own a computer.",
               "According to government figures, more than half of all households own a computer.") == []


def test_an_acronym_for_the_long_name_is_the_same_body():
    src = ("A spokesman for the UN's World Summit on the Information Society said the divide remained very real. "
           "The summit is meeting this week in Geneva.")
    cpy = ("A spokesman for the WSIS, which is meeting in Geneva this week, said the divide was still very real.")
    assert all(e.category != "entity" or e.severity == "low" for e in diff(src, cpy).edits)


def test_a_name_left_out_of_a_headline_the_copy_gives_next_is_no_entity_change():
    src = "UK gets official virus alert site\n\nA free alert service is being launched by the UK government."
    cpy = "Government launches free virus warning service\n\nThe UK government is launching a free alert service."
    assert all(e.category != "entity" or e.severity == "low" for e in diff(src, cpy).edits)


def test_a_clause_added_to_a_sentence_is_still_added_text():
    """Words added in place of the source's own are restructuring (the copy below); a clause
    added to a sentence that lost nothing is a new claim."""
    edits = _mh("The minister resigned on Monday after the vote.",
                "The minister, who was accused of taking bribes last year, resigned on Monday after the vote.")
    assert [e.category for e in edits] == ["added-text"], edits


def test_a_sentence_the_source_ran_on_without_a_full_stop_aligns_with_its_split():
    """Scraped text loses a full stop ("... a large number of people Between alerts ..."):
    the copy's second sentence says what the source's run-on tail says."""
    src = ("Staff will comb through the many hundreds of alerts issued each year by security firms to spot the ones "
           "that could catch out a large number of people Between alerts the service will occasionally send "
           "messages giving people advice about safe ways to use their computers and phones.")
    cpy = ("Staff will sift through the hundreds of alerts that security companies publish every year to pick out "
           "the ones likely to catch out large numbers of people. In the gaps between alerts, the service will now "
           "and then send out tips on using computers and phones safely.")
    assert _mh(src, cpy) == []


def test_our_hand_written_copy_of_bbc_tech_034(shared):
    """bench/data/rewrites/05.copy.txt, our copy of BBC tech/034 with five planted changes:
    each is flagged, and the rewording around them raises none of the false alarms it did."""
    from pathlib import Path

    src = (shared / "corpora" / "bbc-news-2225" / "tech" / "034.txt").read_text(encoding="utf-8")
    cpy = (Path(__file__).parents[1] / "bench" / "data" / "rewrites" / "05.copy.txt").read_text(encoding="utf-8")
    edits = diff(src, cpy).edits
    mh = [(e.category, e.copy.text if e.copy else None) for e in edits if e.severity in MH]
    # the change at the quotation's end takes in the cue after it
    assert any(c == "quote-altered" and "panic" in (t or "") for c, t in mh), mh
    # "The NISCC also made clear that ...", "the government expects to put out ...", and
    # "Each warning will set out what the problem is" (the source's "Warnings ... will tell
    # people what the problem is" credits no claim) remove no attribution
    assert not [t for c, t in mh if c == "attribution-removed"], mh
    # "those who sign up can get e-mail or text alerts" / "Anyone who registers can choose to receive"
    assert not [t for c, t in mh if c == "added-text" and t and t.startswith("Anyone")], mh
    planted = {"number", "quote-altered", "speaker", "negation", "hedge"}
    assert planted <= {c for c, _ in mh}


def test_a_hedge_cut_from_a_quotations_start_alters_the_quote_but_words_reported_outside_do_not():
    src = 'The court said the virus “apparently is not a pandemic in the country” and ordered curbs lifted.'
    cpy = 'The court said the virus “is not a pandemic in the country” and ordered curbs lifted.'
    # the hedge's explanation kept: "inside a direct quotation: hedge 'apparently' (reported) removed: ..."
    assert [(e.category, e.severity) for e in _mh(src, cpy)] == [("quote-altered", "high")]
    assert "'apparently'" in _mh(src, cpy)[0].explanation
    src = 'The court said the virus “is not a pandemic in the country and swallows so much money”.'
    cpy = 'The court said the virus “is not a pandemic in the country”.'
    assert "quote-altered" not in [e.category for e in _mh(src, cpy)]  # a quotation cut at its end
    src = '“People say that’s a very distinct possibility,” the mayor said when asked about a second wave.'
    cpy = 'Asked about a second wave, the mayor said people regarded that as “a very distinct possibility”.'
    assert "quote-altered" not in [e.category for e in _mh(src, cpy)]


def test_a_comparison_turned_the_other_way_is_a_negation():
    """ "lower than projected" / "faster than projected": no antonyms, but more, not less,
    than the projection."""
    edits = _mh("Officials have said the rise in cases has been lower than projected estimates.",
                "Officials have said cases have risen faster than projected estimates.")
    assert "negation" in [e.category for e in edits], edits
    assert _mh("Officials said the rise has been lower than projected.",
               "Officials said the rise has been smaller than projected.") == []


def test_a_raising_verbs_subject_is_its_complements():
    assert _mh("The transport and retail shopping are expected to draw massive crowds before the holiday.",
               "Huge crowds are expected for transport and shopping before the holiday.") == []


def test_our_hand_written_copy_of_reuters_37(shared):
    """bench/data/rewrites/07.copy.txt, our copy of a Reuters article (ReCOVery) with five
    planted changes: a hedge cut from a quotation, a number, a comparison reversed, the
    doctors' concern in the copy's own voice, and Kazmi's role."""
    import json
    from pathlib import Path

    with (shared / "corpora" / "recovery-covid-news" / "articles.jsonl").open(encoding="utf-8") as fh:
        src = next(r["body_text"] for r in map(json.loads, fh) if r["id"] == "reliable/news-dataset-reuters.csv#37")
    cpy = (Path(__file__).parents[1] / "bench" / "data" / "rewrites" / "07.copy.txt").read_text(encoding="utf-8")
    mh = {e.category for e in diff(src, cpy).edits if e.severity in MH}
    assert {"quote-altered", "number", "negation", "attribution-removed", "role"} <= mh, mh
    assert "speaker" not in mh  # "the secretary of ..., Salman Kazmi, told Reuters" is Kazmi


@pytest.mark.parametrize("source, copy", [
    # the source's credit named as the copy's subject
    ("There are now 45,198 confirmed cases, according to the Texas Department of State Health Services.",
     "The Texas Department of State Health Services puts the number of confirmed cases at 45,198."),
    # a sentence-initial capital is no name
    ("Retail stores, libraries and museums are fully open.", "Shops, libraries and museums are fully open."),
    # a noun said twice, understood the second time
    ("There are 8,817 confirmed cases in Harris County and 6,837 confirmed cases in Dallas County.",
     "There are 8,817 confirmed in Harris County and 6,837 in Dallas County."),
    # "one" that counts nothing
    ("Prices rose 2.7%, the biggest year-on-year gain in nine years.",
     "Prices rose 2.7%, the biggest gain from one year to the next in nine years."),
    # someone's expectation, no hedge
    ("The index rose by 0.3% - in line with forecasts.", "The index rose by 0.3%, as forecasters had expected."),
    # a typing slip corrected
    ("said Joe Quinlan, chief market stategist at the bank.", "said Joe Quinlan, chief market strategist at the bank."),
    # the frame of a purpose
    ("The Fed has raised rates since June, in an attempt to make sure inflation stays low.",
     "The Fed has raised rates since June to make sure inflation stays low."),
])
def test_faithful_rewording_of_figures_and_credits_raises_no_alarm(source, copy):
    assert _mh(source, copy) == []


def test_a_possibility_stated_as_fact_is_a_hedge():
    edits = _mh("The index fell to 94.2, which could indicate a fall in retail spending.",
                "The index fell to 94.2, which points to a fall in retail spending.")
    assert [e.category for e in edits] == ["hedge"], edits
    assert _mh("He could not attend the meeting.", "He did not attend the meeting.") == []


def test_a_bracket_in_a_quotation_does_not_end_the_sentence():
    """ "from our high April 13 [of a bit more than 13%] to around 5% today": one sentence,
    so the copy's reported version of it aligns with all of it."""
    from unspin.resources import resolve

    text = ('"However, the average rate has steadily declined from our high April 13 [of a bit more than 13%] '
            'to around 5% today."')
    doc = resolve(None).nlp(text)
    assert len([s for s in doc.sents if any(c.isalnum() for c in s.text)]) == 1, [s.text for s in doc.sents]


@pytest.mark.parametrize("name, source_of", [
    ("08.copy.txt", ("recovery", "reliable/news-dataset_abc_news.csv#3")),
    ("09.copy.txt", ("bbc", "business/163.txt")),
])
def test_our_hand_written_copies_of_numbers_heavy_articles(shared, name, source_of):
    """08 is a faithful copy (a Texas case count), 09 carries five planted changes (US
    producer prices): the faithful one raises no medium/high edit; in 09 every medium/high
    edit is a planted change."""
    src, cpy = _pair(shared, name, source_of[1])
    mh = [e for e in diff(src, cpy).edits if e.severity in MH]
    if name == "08.copy.txt":
        # left: "highest and second-highest" / "two highest" is read as a number added
        assert [(e.category, e.copy.text if e.copy else None) for e in mh if e.category != "number"] == []
    else:
        cats = {e.category for e in mh}
        assert {"number", "hedge", "speaker", "role"} <= cats, cats
        assert len(mh) <= 5, [(e.category, e.explanation) for e in mh]


@pytest.mark.parametrize("source, copy", [
    # "Instead" opens like "in-" and a word, and negates nothing
    ("Rather than alluding to false promises, Mr Howard should start the year with an apology.",
     "Instead of alluding to false promises, Mr Howard should start the year with an apology."),
    # the cue moved to the front, a neutral "saying" beside it dropped
    ('Mr Blair has failed to tackle these problems, he claimed, saying he has the "wrong solution" to them.',
     'He claimed that Mr Blair had failed to tackle these problems and had the "wrong solution" to them.'),
])
def test_faithful_reworded_cues_and_contrasts_raise_no_alarm(source, copy):
    assert _mh(source, copy) == []


def test_our_faithful_copy_of_bbc_politics_110(shared):
    """bench/data/rewrites/10.copy.txt: quotations turned into reported speech and back, cues
    moved; "he says" after 'the values that "most Britons hold dear"' is still Howard."""
    from pathlib import Path

    src = (shared / "corpora" / "bbc-news-2225" / "politics" / "110.txt").read_text(encoding="utf-8")
    cpy = (Path(__file__).parents[1] / "bench" / "data" / "rewrites" / "10.copy.txt").read_text(encoding="utf-8")
    assert [(e.category, e.explanation) for e in diff(src, cpy).edits if e.severity in MH] == []


@pytest.mark.parametrize("source, copy", [
    # a negated existence said the other way ("does not exist" / "there is no")
    ("Chinese officials maintain that racism does not exist in the country.",
     "Chinese officials insist there is no racism in the country."),
    # "the number of" dropped, a place moved to the front: compression, no swap
    ("The number of reported crimes against Asian-Americans has been rising in the U.S., with more than 1,700 "
     "instances reported since March.",
     "In the U.S., reported crimes against Asian-Americans have been rising, with more than 1,700 cases "
     "reported since March."),
])
def test_a_denial_or_a_measure_said_another_way_raises_no_alarm(source, copy):
    assert _mh(source, copy) == []


def test_a_denied_existence_affirmed_is_still_a_negation():
    edits = _mh("Chinese officials maintain that there is no racism in the country.",
                "Chinese officials maintain that racism exists in the country.")
    assert "negation" in [e.category for e in edits], edits
    edits = _mh("Chinese officials maintain that racism does not exist in the country.",
                "Chinese officials maintain that racism does exist in the country.")
    assert "negation" in [e.category for e in edits], edits


@pytest.mark.parametrize("source, copy", [
    # "will try to" says what Italy means to do, not that it will happen
    ("Italy coach John Kirwan believes his side can upset England at Twickenham.",
     "Italy will try to upset England at Twickenham, according to their coach John Kirwan."),
    # a trio is three
    ("The band's trio of trophies at the awards crowns a year of huge success.",
     "Three trophies at the awards have crowned a year of huge success for the band."),
    # the causer made the doer: "saw their fame spread" / "spread their fame"
    ("Their album Stakonia saw their fame spread beyond the US.",
     "It was the album Stakonia that spread their fame beyond the US."),
    # a passive turned active: the two names keep their roles
    ("On this episode of The Critical Hour, Dr. Wilmer Leon is joined by Dr. Yolandra Hancock.",
     "Dr. Yolandra Hancock joins Dr. Wilmer Leon on this episode of The Critical Hour."),
    # an owner added beside the one kept
    ("In a statement, the Department of Corrections Washington State said the unit was closed.",
     "In a statement, Washington's Department of Corrections said the unit was closed."),
])
def test_intent_group_sizes_causers_passives_and_owners_raise_no_alarm(source, copy):
    assert _mh(source, copy) == []


def test_a_quotation_the_copy_credits_with_according_to_is_no_added_doubt():
    src = ('G Money, a presenter on 1Xtra, thinks a break is coming. "They might be more appearances outside '
           'the band, such as producing for other artists. "Big Boi already has a dog-breeding business," says the DJ.')
    cpy = ('G Money, a presenter on 1Xtra, thinks a break is coming. According to G Money, they may make more '
           'appearances outside the band, such as producing for other artists. "Big Boi already has a '
           'dog-breeding business," says the DJ.')
    assert [e for e in _mh(src, cpy) if e.category == "hedge"] == []


def test_a_word_changed_in_a_quote_news_style_left_open_is_quote_altered():
    # BBC style: a quotation left open where the next one starts ('... projects. "Andre ...')
    src = ('"They might be more appearances outside the band. "Andre would like to go into acting, so we might see '
           'him in a film, while Big Boi already has a dog-breeding business," says the DJ.')
    cpy = ('"They might be more appearances outside the band. "Andre would like to go into acting, so we will see '
           'him in a film, while Big Boi already has a dog-breeding business," says the DJ.')
    edits = _mh(src, cpy)
    assert [(e.severity, "inside a direct quotation" in e.explanation) for e in edits] == [("high", True)], edits


def test_no_symptoms_turned_into_symptoms_is_a_negation():
    src = "Inmates in the housing unit continue to have no symptoms of illness, the statement said."
    cpy = "Inmates in the housing unit have begun to show symptoms of illness, the statement said."
    assert "negation" in [e.category for e in _mh(src, cpy)]
    # an antonym for a verb's "not" stays low: "does not look evil" / "looks good"
    assert _mh("That does not look evil.", "That looks good.") == []


def test_our_copies_of_a_prison_report_and_a_radio_show_page(shared):
    """bench/data/rewrites 14 (NPR, four planted changes) and 15 (Sputnik, faithful: quotes of
    quotes given as reported speech, a passive opening turned active, biographies shortened)."""
    src, cpy = _pair(shared, "15.copy.txt", "unreliable/news-dataset_sputnik_news.csv#32")
    assert [(e.category, e.explanation) for e in _mh(src, cpy)] == []
    src, cpy = _pair(shared, "14.copy.txt", "reliable/news-dataset_npr.csv#46")
    mh = _mh(src, cpy)
    assert {"negation", "speaker", "number", "hedge"} <= {e.category for e in mh}, mh
    assert len(mh) <= 5, [(e.category, e.explanation) for e in mh]


def test_a_goal_or_a_doer_lost_to_a_preposition_is_still_a_role_change():
    # guards for "ignored including Y" / "ignoring Y": only a member named with "including"
    assert any(e.category == "meaning-shift" for e in _mh(
        "the man forces the young girl to the ground and begins to pummel her with a large stone.",
        "the man forces the ground and begins to pummel her with a large stone."))
    assert any(e.category == "meaning-shift" for e in _mh(
        "bale has received a lot of criticism, but silenced his doubters with a la liga double at the bernabeu.",
        "bale has been silenced by a la liga double at the bernabeu."))


@pytest.mark.parametrize("source, copy", [
    # a place and its people's word
    ("There are proportionately more Scottish and Welsh MPs at Westminster than those from England.",
     "There are proportionately more Scottish and Welsh MPs at Westminster than English ones."),
    # a condition moved to the front
    ('The number of Welsh MPs would be set at a "fair" amount if the assembly was scrapped.',
     'If the assembly was scrapped, the number of Welsh MPs would be set at a "fair" amount.'),
    # a condition said by "would" and the subject: still a supposition
    ("The Conservative Party would cut the number of MPs by about one-fifth if they were elected, Michael Howard said.",
     "Michael Howard said a Conservative government would cut the number of MPs by about one-fifth."),
    # a word of the same family kept: "civil servants" / "civil service numbers"
    ("Both parties planned to cut the number of civil servants at Whitehall, Mr Howard said, and they should "
     "accept a similar drop in their own numbers.",
     "Both parties planned to cut civil service numbers at Whitehall, Mr Howard said, and they should "
     "accept a similar drop in their own numbers."),
])
def test_demonyms_moved_conditions_and_word_families_raise_no_alarm(source, copy):
    assert _mh(source, copy) == []


def test_a_likely_replaced_by_will_is_a_hedge_beside_another_doubt():
    src = ("He acknowledged that it was unlikely to become law because the legislative programme is likely to be "
           "squeezed by the coming general election.")
    cpy = ("He acknowledged that it was unlikely to become law, because the legislative programme will be "
           "squeezed by the coming general election.")
    assert "hedge" in [e.category for e in _mh(src, cpy)]


def test_a_statement_moved_to_a_person_who_says_nothing_in_the_source_is_a_speaker_edit():
    src = ("Labour peer Lord Dubs' bill aims to end the right of male heirs to succeed to the crown. "
           "The Fabian Society's Sundar Katwala said the change was \"long overdue\". "
           "The political reform group's general secretary told BBC Radio 4's Today programme there were "
           "some \"very out-dated features\" at the heart of Britain's constitution.")
    swapped = src.replace("The political reform group's general secretary told", "Lord Dubs told")
    assert "speaker" in [e.category for e in _mh(src, swapped)]
    # naming the person the source quotes just before is a reading of the description, no swap
    resolved = src.replace("The political reform group's general secretary told", "Mr Katwala told")
    assert "speaker" not in [e.category for e in _mh(src, resolved)]


def test_our_copies_of_two_bbc_politics_reports(shared):
    """bench/data/rewrites 16 (politics/266, four planted changes; "Peers are debating" is a
    capital for the sentence, no name) and 17 (politics/096, faithful)."""
    src, cpy = _pair(shared, "17.copy.txt", "politics/096.txt")
    assert [(e.category, e.explanation) for e in _mh(src, cpy)] == []
    src, cpy = _pair(shared, "16.copy.txt", "politics/266.txt")
    mh = _mh(src, cpy)
    assert {"speaker", "number", "hedge"} <= {e.category for e in mh}, mh
    assert len(mh) <= 5, [(e.category, e.explanation) for e in mh]


@pytest.mark.parametrize("source, copy", [
    # whose title it is, said as an apposition ("Daiwa Securities analyst" / "an analyst at Daiwa Securities")
    ('"A bid is likely in the next two weeks," said Daiwa Securities analyst Mark Pervan.',
     'Mark Pervan, an analyst at Daiwa Securities, said: "A bid is likely in the next two weeks."'),
    # a passive of one verb and an active of another keep the subject ("has been acclaimed" / "has won acclaim")
    ("The latest triumph adds to the Grammys won earlier in this year. Andre 3000 and Big Boi's album "
     "Speakerboxxx/The Love Below has been critically acclaimed since its release and sold in large quantities.",
     "The win comes on top of the Grammys the band collected earlier in the year. Speakerboxxx/The Love Below, the "
     "album by Andre 3000 and Big Boi, has won critical acclaim since it came out and has sold in large numbers."),
    # a doubt the copy keeps in its own word ("likely to" / "will probably")
    ("Mr Hasson said development teams were likely to need to double in size.",
     "Mr Hasson said development teams will probably have to double in size."),
    # a requirement is no condition ("in order to cope" / "if studios are to cope")
    ("Mr Hasson said the industry was predicting that developments costs and teams were likely to need to double "
     "in order to cope with the demands of the new machines.",
     "The industry's expectation, according to Mr Hasson, is that development costs and team sizes will probably "
     "have to double if studios are to meet the demands of the new hardware."),
    # a prefixed word the other side has as a noun ("a lot of unknowns" / "a great deal is unknown")
    ("There are still a lot of unknowns about how long the immunity lasts.",
     "A great deal is still unknown about how long the immunity lasts."),
    # "one" standing for a noun counts nothing ("a novel one" / "a new disease")
    ("Nobody knows how long immunity lasts, especially for a novel one such as this virus.",
     "Nobody knows how long immunity lasts, especially for a new disease like this virus."),
    # a familiar first name and the surname of one person
    ('Kathryn Marinello is leaving Hertz. Paul Stone said: "I thank Kathy for her leadership."',
     "Kathryn Marinello is leaving Hertz. Paul Stone thanked Marinello for her leadership."),
    # the headline leaves out who says it
    ("WMC says Xstrata bid is too low\n\nWMC Resources has said it is worth more than the bid by Xstrata.",
     "WMC rebuffs Xstrata offer as too low\n\nWMC Resources has said it is worth more than the bid by Xstrata."),
])
def test_titles_voices_kept_doubts_and_headlines_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_reversals_and_a_negated_stance_said_plainly_are_negations():
    # one of two opposites turned, said of the same thing
    src = ("Molecular testing sales have increased by 29%, driven by the outbreak, with routine health checks "
           "decreasing.")
    cpy = "Molecular testing sales are up 29%, driven by the outbreak, even as routine health checks increased."
    assert "negation" in [e.category for e in _mh(src, cpy)]
    # "would not oppose" / "would object to": the same stance without its "not"
    src = "The competition watchdog said it would not oppose the purchase."
    cpy = "The competition watchdog said it would object to the purchase."
    assert ("negation", "high") in [(e.category, e.severity) for e in _mh(src, cpy)]
    # and "should be set to launch" / "will launch": an expectation made certain
    src = "Roche is developing its own test, which the company says should be set to launch in May."
    cpy = "Roche is developing its own test, which the company says will launch in May."
    assert "hedge" in [e.category for e in _mh(src, cpy)]


def test_a_credit_by_whose_count_it_is_resolves_its_pronoun():
    from unspin import analyze

    an = analyze("Fred Hasson runs the trade body Tiga. By his count, roughly 120 independent developers remain.")
    credit = [a for a in an.attributions if a.cue is not None and a.cue.text == "By his count"]
    assert credit and credit[0].speaker.name == "Fred Hasson", an.attributions
    assert "120 independent developers remain" in credit[0].content.text


def test_our_copies_written_by_other_hands(shared):
    """bench/data/rewrites 18-23, written by helpers who never saw the tool: 20 and 23 faithful
    (two copies of one Hertz report, 20 and 22), 21 with its four planted changes caught."""
    for name, sid in (("20.copy.txt", "reliable/news-dataset_usa_today.csv#95"), ("23.copy.txt", "politics/098.txt")):
        src, cpy = _pair(shared, name, sid)
        assert [(e.category, e.explanation) for e in _mh(src, cpy)] == [], name
    src, cpy = _pair(shared, "21.copy.txt", "business/366.txt")
    assert {"number", "speaker", "negation", "hedge"} <= {e.category for e in _mh(src, cpy)}
    # 19: a sentence's capital the text never writes again is no name ("Worldwide countries are")
    src, cpy = _pair(shared, "19.copy.txt", "unreliable/news-dataset_world_health_net.csv#20")
    mh = _mh(src, cpy)
    assert not [e for e in mh if e.source is not None and e.source.text == "Worldwide"], mh
    assert {"negation", "hedge"} <= {e.category for e in mh}


@pytest.mark.parametrize("source, copy", [
    # a doubt moved within its sentence ("It is unclear whether" / "Whether ... remains unclear")
    ("It is unclear whether the president is legally empowered to compel the nation's governors to take such an "
     "action. If the White House moves to enforce the order, Trump could force a clash.",
     "Whether the president actually has the legal authority to make governors take such a step remains unclear. "
     "If the White House moves to enforce the order, Trump could force a clash."),
    # one negation for another ("can't make up his mind" / "was still unable to make up his mind")
    ("He read an article which suggested that if a referee can't make up his mind after 30 seconds then the game "
     "should carry on.",
     "He had read an article suggesting that play should continue whenever a referee was still unable to make up "
     "his mind after 30 seconds."),
    # a goal "is denied": a refusal, no denial of a claim
    ("Jol demands video replays\n\nSpurs boss Martin Jol said his team were robbed after Mendes' shot crossed the line.",
     "Jol demands video help after Mendes 'goal' is denied\n\nSpurs boss Martin Jol said his team were robbed after "
     "Mendes' shot crossed the line."),
])
def test_moved_doubts_negations_said_again_and_refusals_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_a_refused_goal_is_no_denial_a_denied_report_is():
    from unspin import analyze

    assert not [h for h in analyze("Spurs were denied a clear goal at Old Trafford.").hedges if h.kind == "denied"]
    assert [h for h in analyze("The reports were denied by the ministry.").hedges if h.kind == "denied"]
    assert [h for h in analyze("The minister denied the claims.").hedges if h.kind == "denied"]


def test_a_team_before_a_persons_noun_is_no_person_and_a_cue_keeps_its_own_sentences_speaker():
    from unspin import analyze

    an = analyze("Martin Jol felt robbed. Speaking after the draw, the Spurs boss asked why play could not be halted.")
    asked = next(a for a in an.attributions if a.cue is not None and a.cue.text == "asked")
    assert asked.speaker.name != "Spurs" and "boss" in (asked.speaker.name or ""), asked.speaker
    text = ("His comments come as the co-chairman of the Conservative Party, Liam Fox, on Saturday called him "
            "\"a disappointment of historic proportions\" as a prime minister. Mr Blair said he had learned from a "
            "series of tough encounters.")
    called = [a for a in analyze(text).attributions if "historic" in a.content.text]
    assert called and called[0].speaker.name == "Liam Fox", called


def test_our_copies_of_a_sport_report_politico_and_an_entertainment_story(shared):
    """bench/data/rewrites 24-26, written by other hands: 26 faithful; 25's negation and role caught and
    'right now' / 'immediately' no negation; 24's 'the Spurs boss' no speaker edit."""
    src, cpy = _pair(shared, "26.copy.txt", "entertainment/221.txt")
    assert [(e.category, e.explanation) for e in _mh(src, cpy)] == []
    src, cpy = _pair(shared, "25.copy.txt", "reliable/news-dataset-politico.csv#3")
    mh = _mh(src, cpy)
    assert {"negation", "role", "hedge"} <= {e.category for e in mh}
    assert not [e for e in mh if e.copy is not None and "immediately" in e.copy.text], mh
    src, cpy = _pair(shared, "24.copy.txt", "sport/283.txt")
    assert not [e for e in _mh(src, cpy) if e.category == "speaker" and "Spurs" in e.explanation]


@pytest.mark.parametrize("source, copy", [
    # "X, not Y" / "X rather than Y"
    ("Sir Ian said the target was the election itself, not the wider political process.",
     "Sir Ian said the target was the election itself rather than the wider political process."),
    # "as well as" / "not only ... but": no negation
    ("The orders could impose curfews as well as house arrest.", "The orders could impose not only house arrest but curfews."),
    # "halved" / "cut by half"; "Tory and Lib Dem" / "the Tories and Liberal Democrats"
    ("The Commons approved the measures, with the government's majority more than halved as 32 Labour rebels "
     "joined Tory and Lib Dem opposition.",
     "The measures were approved by the Commons, with 32 Labour rebels siding with the Tories and Liberal Democrats "
     "and the government's majority cut by more than half."),
    # lives taken are no claim ("has claimed" / "has killed")
    ("The cases show the perils of restarting production amid a pandemic that has claimed more than 5,000 lives "
     "in Michigan.",
     "The cases show the risks of restarting production during a pandemic that has killed more than 5,000 people "
     "in Michigan."),
])
def test_contrasts_additions_halves_and_lives_claimed_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_a_suggestion_said_firmly_is_a_hedge():
    src = "Dr Fauci has suggested that it will remain voluntary, noting that the shot is for those who want it."
    cpy = "Dr Fauci has made clear that taking it will be voluntary: the shot, he said, is for those who want it."
    assert "hedge" in [e.category for e in _mh(src, cpy)]


def test_a_statement_made_to_another_outlet_is_an_entity_edit():
    src = "Robert Redfield told The Washington Post that a second wave could be worse than the first."
    cpy = "In an interview with The New York Times, Robert Redfield said a second wave could be worse than the first."
    edits = _mh(src, cpy)
    assert any(e.category == "entity" and e.copy is not None and e.copy.text == "New York Times" for e in edits), edits
    same = "In an interview with The Washington Post, Robert Redfield said a second wave could be worse than the first."
    assert not [e for e in _mh(src, same) if e.category == "entity"]
    # and "could be worse" / "would be worse" makes the possibility certain
    assert "hedge" in [e.category for e in _mh(src, src.replace("could be", "would be"))]


@pytest.mark.parametrize("source, copy", [
    # "according to" credits as "said" does; "of the UK Patent Office" says whose officer he is
    ('"Some of the patents have dubious validity and are being wielded by some big companies to force smaller '
     'companies to buy licenses," said Dr Jeremy Philpott of the UK Patent Office.',
     'According to Dr Jeremy Philpott of the UK Patent Office, "Some of the patents have dubious validity and are '
     'being wielded by some big companies to force smaller companies to buy licenses."'),
    # permission is no doubt ("which allow others to use" / "under which others may use")
    ("Linux is based on open source principles, which allow others to use and modify it without paying fees.",
     "Linux is built on open source principles, under which others may use and modify it without paying fees."),
])
def test_according_to_affiliations_of_a_person_and_permission_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_one_in_four_is_a_quarter_and_a_changed_share_is_still_a_number():
    src = "A Reuters/Ipsos poll has revealed that a quarter of Americans are not interested in a vaccine."
    assert _mh(src, "A Reuters/Ipsos poll has revealed that one in four Americans are not interested in a vaccine.") == []
    changed = _mh(src, "A Reuters/Ipsos poll has revealed that one in three Americans are not interested in a vaccine.")
    assert "number" in [e.category for e in changed], changed
    from unspin.drift.numbers import quantities
    from unspin.nlp import load_nlp

    assert quantities(list(load_nlp()("He scored 3 in 4 games"))) == [(3.0, ""), (4.0, "")]


def test_a_kind_of_person_is_no_speaker_name_and_appearances_hedge_like_seeming():
    src = ("Everton boss David Moyes has apologised. The Scot initially defended Beattie. But he has had a rethink "
           "after looking at the video again.")
    cpy = ("Everton boss David Moyes has apologised. At first the Scot had stood up for Beattie. Having studied the "
           "video again, however, he has reconsidered.")
    assert not [e for e in _mh(src, cpy) if e.category == "speaker"]
    src = "Beattie, who seemed unrepentant after the match, has now apologised."
    assert _mh(src, "Beattie, who had appeared unrepentant after the match, has now apologised.") == []
    gone = _mh("Police said he appeared to have died of natural causes.", "Police said he had died of natural causes.")
    assert "hedge" in [e.category for e in gone]


@pytest.mark.parametrize("source, copy", [
    # "no longer" is "not ... any more"; "unless" is "if not"
    ("\"I started swimming, and ballet just wasn't something I wanted to do any more.\"",
     "She took up swimming, and ballet was simply no longer something she wanted to do."),
    ("And there are fears that if the trend is not reversed, there could be fewer British ballet stars in the future.",
     "There are concerns that, unless the trend is turned around, Britain could produce fewer ballet stars in years to come."),
    # a people's word for one of them; a party's other name
    ("But a spokesman said that although only two out of their 12 principal dancers were British, around a quarter "
     "of the company's dancers were from the UK.",
     "The company counts only two Britons among its 12 principals, though roughly a quarter of its dancers come from "
     "the UK, a spokesman said."),
    # words said twice, said once ("you have to be ... and (you have to be) ...")
    ("\"You have to be very dedicated and you have to be very disciplined,\" she said.",
     "Dancers had to be very dedicated and very disciplined, she said."),
    # a span of time in other units; the count of two names joined by "and"
    ("EMI expects music sales for the year to March to drop by 8%.",
     "EMI expects music sales for the 12 months to March to drop by 8%."),
    ("Peter Dutton suggested that New Zealand and Australia could reopen travel between them.",
     "Peter Dutton floated the idea that the two neighbours could reopen travel between them."),
    # a verb of keeping from traded for a "not"
    ("We will limit cabin luggage to one bag to avoid the boarding process being too crowded.",
     "We will limit cabin luggage to one bag so that boarding is not too crowded."),
    # "insisted" for "said"; "rejected the charge that" for "denied"
    ("Mr Howard said the plans were not racist.", "The plans were not racist, Mr Howard insisted."),
    ("Mr Howard denied he had been playing politics with the case.",
     "He rejected the charge that he had been playing politics with the case."),
    # the "if" kept in other words
    ("\"You could look at other nations in our region if they've enjoyed the same success,\" Dutton said.",
     "Other nations in the region could be considered if they had been just as successful, Dutton said."),
])
def test_negations_names_counts_and_cues_said_another_way_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_the_same_negations_names_and_counts_changed_are_still_flagged():
    assert "negation" in [e.category for e in _mh(
        "\"I started swimming, and ballet just wasn't something I wanted to do any more.\"",
        "She took up swimming, and ballet was simply something she wanted to do more.")]
    assert [e for e in _mh("EMI expects music sales for the year to March to drop by 8%.",
                           "EMI expects music sales for the 18 months to March to drop by 8%.") if e.category == "number"]
    assert "negation" in [e.category for e in _mh("AOL backed the price cuts, a spokesman said.",
                                                  "AOL criticised the price cuts, a spokesman said.")]
    assert [e for e in _mh("Only two of the principal dancers are British.",
                           "Only two of the principal dancers are Australians.") if e.category in ("entity", "meaning-shift")]


def test_a_sentence_rebuilt_around_a_new_figure_is_flagged():
    src = ("Contact tracing has been scaled up significantly, with the capacity to make up to 10,000 calls per day, "
           "the prime minister said. Most businesses will reopen on Monday.")
    cpy = ("Most businesses will reopen on Monday. That operation, the prime minister said, has been expanded "
           "\"significantly\" and can now handle up to 1,000 calls a day.")
    assert [e for e in _mh(src, cpy) if "1,000" in (e.copy.text if e.copy else "")], diff(src, cpy).edits


def test_a_claim_still_credited_by_its_cue_a_pronoun_or_the_sentence_before_is_not_uncredited():
    src = ("New research from the Royal Academy of Dance has found that the number of youngsters taking ballet exams "
           "drops by almost 70% after the age of 10.")
    cpy = "Once youngsters reach 10, the numbers entering for ballet exams fall by almost 70%, the academy found."
    assert not [e for e in _mh(src, cpy) if e.category == "attribution-removed"]
    src = ("BT said it would cut its wholesale prices by 8%. It added that it plans to invest £10bn in a new network. "
           "BT said it would begin trials in April.")
    cpy = ("BT also said it would cut its wholesale prices by 8%. The company intends to spend £10bn on a new "
           "network, it said. It will start trials in April.")
    assert not [e for e in _mh(src, cpy) if e.category == "attribution-removed"]
    gone = _mh("Ofcom said it would review the market. BT's competitors have frequently accused it of misusing its "
               "status as the former monopoly.",
               "Ofcom said it would review the market. BT has frequently misused its status as the former monopoly.")
    assert "attribution-removed" in [e.category for e in gone], gone


def test_a_quotation_turned_into_reported_speech_or_cut_at_its_edge_is_no_altered_quote():
    src = ("\"One day you will be able to tell your children, 'I was there. I did my bit. I helped to win that famous "
           "election - the election that transformed our country for the better',\" he said.")
    cpy = ("One day, he said, they would tell their children that they had been there and had done their bit in "
           "winning \"that famous election - the election that transformed our country for the better\".")
    assert not [e for e in _mh(src, cpy) if e.category == "quote-altered"]
    src = "\"I don't know about you, but something tells me that someone out there is rattled,\" Mr Howard said."
    cpy = "\"Something tells me that someone out there is rattled,\" Mr Howard said."
    assert not [e for e in _mh(src, cpy) if e.category == "quote-altered"]
    changed = _mh(src, "\"Something tells me that someone out there is furious,\" Mr Howard said.")
    assert "quote-altered" in [e.category for e in changed], changed


@pytest.mark.parametrize("source, copy", [
    # a share as a percentage and as a fraction; one rank in other words
    ("EA said 50% of its games were sold to adults.", "EA said half of its games go to adults."),
    ("Dr Mike Ryan, a top WHO official, said the virus may never go away.",
     "Dr Mike Ryan, a senior WHO official, said the virus may never go away."),
    # "deny boarding to passengers" refuses, denies no claim
    ("Earnest would not say if the airline will deny boarding to passengers who refuse to wear a mask.",
     "Earnest declined to say whether passengers who refuse to wear a mask will be turned away at the gate."),
    # a denial said actively and passively; distance put as "what he called" for "alleged"
    ("The allegations have consistently been rejected by the Chinese Foreign Ministry.",
     "China's Foreign Ministry has rejected the accusations every time."),
    ("Pompeo pointed to alleged \"enormous evidence\" that the virus came from a laboratory.",
     "Citing what he called \"enormous evidence\", Pompeo said the virus came from a laboratory."),
    # "he went on" credits the speaker
    ("\"If rich countries were as ready to put resources into peace as into war, that would mean a new vision,\" "
     "he said.",
     "If rich countries were as ready to put resources into peace as into war, he went on, that would mean a new vision."),
    # a name spelt with a full stop is no new name
    ("Most U.S. airlines now ask passengers to wear masks.", "Most U.S. carriers now make passengers wear masks."),
])
def test_shares_ranks_refusals_denials_and_distance_said_another_way_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_a_not_dropped_while_the_source_also_says_it_plainly_is_kept_and_a_lost_one_is_flagged():
    src = ("Shafqat Hussain was scheduled to be hanged on Thursday, but an official confirmed that Hussain will not "
           "be hanged.")
    assert not [e for e in _mh(src, "Shafqat Hussain was scheduled to be hanged on Thursday.") if e.category == "negation"]
    lost = _mh("According to a memo, vehicle manufacturing is not specifically listed in the March 28th guidance.",
               "The March 28th guidance also specifically lists vehicle manufacturing, according to a memo.")
    assert "negation" in [e.category for e in lost], lost
    assert "number" in [e.category for e in _mh("EA said 50% of its games were sold to adults.",
                                                "EA said a third of its games were sold to adults.")]


def test_an_added_without_and_an_in_her_view_raise_no_alarm():
    src = ("She says she went to the address on the letter and looked for a long time for a way to send it back. "
           "\"And I couldn't find that,\" she says.")
    cpy = ("She says she went to the address on the letter and spent a long time looking for a way to send it back, "
           "without success. \"And I couldn't find that,\" she says.")
    assert not [e for e in _mh(src, cpy) if e.category == "negation"]
    assert _mh("The peculiarity of COVID-19, according to Peskov, is that the body itself attacks the lungs.",
               "What sets COVID-19 apart, in Peskov's account, is that the body itself attacks the lungs.") == []


@pytest.mark.parametrize("source, copy", [
    # names described by who they are; one rank; an abbreviation of a name word
    ("To succeed, he needs the backing of Mr McManus and Mr Magnier, United's biggest shareholders.",
     "To succeed, he needs the backing of the two Irishmen, United's biggest shareholders."),
    ("Mr Glazer's previous adviser said the offer was fair.", "Mr Glazer's former adviser said the offer was fair."),
    ("The board of Man Utd will meet this week to consider the plan.",
     "United's board will meet this week to consider the plan."),
    # converse verbs keep who did what
    ("Manchester United revealed on Sunday that it had received a detailed proposal from Mr Glazer.",
     "On Sunday the club disclosed that Mr Glazer had sent it a detailed proposal."),
    # "he remembered" credits as "he said" does
    ("\"It was a very intense occasion and a very destructive game,\" he said.",
     "It had been a very intense occasion and a very destructive game, he remembered."),
])
def test_descriptions_ranks_converses_and_recollection_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_what_was_suggested_said_to_be_established_is_a_hedge_change():
    edits = _mh("He cited the scientific consensus, which suggests the virus came from wild animals.",
                "He cited the scientific consensus, which has established that the virus came from wild animals.")
    assert "hedge" in [e.category for e in edits], edits


def test_distance_words_are_hedges_and_a_naming_so_called_is_not():
    from unspin.text.hedges import hedges_in

    assert [h.kind for h in hedges_in("Citing what he called \"enormous evidence\", Pompeo blamed the lab.")] == ["reported"]
    assert [h.kind for h in hedges_in("All produced so-called neutralizing antibodies, which can stop the virus.")] == []
    assert "denied" in [h.kind for h in hedges_in("The allegations have consistently been rejected by the ministry.")]


def test_a_rank_dropped_from_a_kept_title_in_a_reworded_phrase_is_a_role_change():
    src = ("Bright was director of the Biomedical Advanced Research and Development Authority and a deputy assistant "
           "secretary with the Department of Health and Human Services until, he says, he was removed on Tuesday.")
    cpy = ("Until Tuesday, when he says he was removed, Bright had served as director of the Biomedical Advanced "
           "Research and Development Authority and as an assistant secretary at the Department of Health and Human "
           "Services.")
    assert "role" in [e.category for e in _mh(src, cpy)], _mh(src, cpy)
    assert _mh("The club's former owner said the bid was fair.", "The club's previous owner said the bid was fair.") == []


def test_a_not_with_an_against_said_as_going_ones_way_keeps_the_polarity():
    src = ("England are rueing what might have been had two decisions from referee Jonathan Kaplan not gone against "
           "them in the second half.")
    cpy = "England are wondering what might have been had two second-half decisions by referee Jonathan Kaplan gone their way."
    assert _mh(src, cpy) == []
    flipped = "England are wondering what might have been had two second-half decisions by Jonathan Kaplan gone against them."
    assert "negation" in [e.category for e in _mh(src, flipped)]


@pytest.mark.parametrize("source, copy", [
    # an inch mark opens no quotation, so the words after it are no altered quote
    ("Police described the intruder as about 5' 10\" tall. There is no description of his accomplice.",
     "Police described the intruder as about 5' 10\" tall. No description of his accomplice is available."),
    # "no one" and "no-one" deny as "nobody" does
    ("\"I just thank God that no-one got injured,\" he said.", "He thanked God that nobody had been injured."),
    # a capital for its country
    ("China hit back on Tuesday with its foreign ministry spokesman, Zhao Lijian, saying the letter was slanderous.",
     "Beijing struck back on Tuesday, when foreign ministry spokesman Zhao Lijian called the letter slanderous."),
    # a refusal is no denial
    ("Trump said China refused to share data and denied access to its scientists.",
     "Trump said China had refused to hand over data and had barred access to its scientists."),
    # "X claims that" / "According to X"
    ("The European Regions Airline Association (ERAA) claims that neither airlines nor consumers were consulted.",
     "According to the European Regions Airline Association (ERAA), neither the airlines nor consumers were consulted."),
    # a condition said with the verb first, or in other words
    ("If digital hoarding habits continue on this scale, people could be carrying a digitally obese load.",
     "Should hoarding carry on at this rate, people could be lugging a digitally obese load."),
    ("The U.N. says thousands of mothers will be at risk of dying during childbirth if funding isn't secured.",
     "Unless the money is found, the U.N. warns, thousands of mothers will be at risk of dying in childbirth."),
    # "will be able to" is "can"
    ("The agency said it will no longer be able to support 140 of its 180 facilities in the country.",
     "The agency said it can no longer support 140 of the 180 facilities in the country."),
    # an independence, and a more general word
    ("Trump said the only way forward for the WHO was for it to demonstrate independence from China.",
     "The only way forward for the WHO, Trump argued, was to show that it was independent of China."),
    ("Low-cost airlines have criticised the new compensation levels, the association said.",
     "Low-cost carriers have criticised the new compensation levels, the association said."),
])
def test_inches_no_one_capitals_refusals_conditions_and_abilities_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_the_same_capitals_conditions_and_credits_changed_are_still_flagged():
    src = "China hit back on Tuesday with its foreign ministry spokesman, Zhao Lijian, saying the letter was slanderous."
    assert _mh(src, "Moscow hit back on Tuesday with its foreign ministry spokesman, Zhao Lijian, saying the letter "
                    "was slanderous.")
    cond = "The U.N. says thousands of mothers will be at risk of dying during childbirth if funding isn't secured."
    assert "hedge" in [e.category for e in _mh(cond, "The U.N. says thousands of mothers will be at risk of dying "
                                                      "during childbirth.")]
    able = "The agency said it will no longer be able to support 140 of its 180 facilities in the country."
    assert "hedge" in [e.category for e in _mh(able, "The agency said it might no longer support 140 of the 180 "
                                                      "facilities in the country.")]
    dwb = ("Only a few dozen cases have been confirmed in Yemen, but on Friday, the nonprofit Doctors Without Borders "
           "said that, because testing capacity in the country is extremely limited, it is impossible to know the full "
           "extent of the spread of the virus. The agency said it needs $2bn.")
    removed = _mh(dwb, "Only a few dozen cases have been confirmed in Yemen, but with the country's testing capacity "
                       "extremely limited, there is no way of knowing how far the virus has spread. The agency said it "
                       "needs $2bn.")
    assert [e.category for e in removed if e.severity == "high"][:1] == ["attribution-removed"], removed
    assert "Doctors Without Borders" in removed[0].explanation


@pytest.mark.parametrize("source, copy", [
    # a condition said with the verb first in mid-sentence
    ("The prime minister has been warned that should the UK procrastinate with easing air lockdown measures the "
     "country would be pushed to the back of the queue.",
     "The prime minister has been warned that if the UK drags its feet over relaxing lockdown restrictions on air "
     "travel, it would be pushed to the back of the queue."),
    # "it's unclear" / "it is not clear"
    ("The worker tested positive on the 28th, and it's unclear if Panasonic notified any workers.",
     "The worker tested positive on the 28th, and it is not clear whether Panasonic notified any workers."),
    # names that only say who the signatories are
    ("\"We have serious reservations,\" the letter, whose signatories include Airlines UK and the Federation of "
     "Small Businesses, asserts.",
     "The signatories, among them Airlines UK and the Federation of Small Businesses, said: \"We have serious "
     "reservations.\""),
    # what a thing holds; a forecast someone makes; the two companies named
    ("The new iPod will hold 1,000 songs, Apple said.", "The new iPod can store 1,000 songs, Apple said."),
    ("Demand for Samsung's memory chips is expected to remain solid.",
     "Samsung said it expects demand for its memory chips to remain solid."),
    ("The pandemic is increasing demand for Samsung's and LG's products.",
     "The pandemic is increasing demand for some of the two companies' products."),
])
def test_conditions_unclear_lists_capacity_and_forecasts_said_another_way_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_a_cut_conditional_sentence_is_no_removed_hedge_but_a_cut_condition_is():
    src = ("Sharon said they had worked for everything. \"If I choose to make an investment for my kids in whatever "
           "way I choose to make it, that's my business and I worked for every penny.\"")
    assert [e.category for e in _mh(src, "Sharon said they had worked for everything.") if e.category == "hedge"] == []
    cut = _mh("The iPod will hold 1,000 songs if the files are small, Apple said.",
              "The iPod will hold 1,000 songs, Apple said.")
    assert "hedge" in [e.category for e in cut], cut
    assert "hedge" in [e.category for e in _mh("The new iPod will hold 1,000 songs, Apple said.",
                                               "The new iPod might hold 1,000 songs, Apple said.")]


@pytest.mark.parametrize("source, copy", [
    # particles of different verbs are no opposites
    ("The agency will be wound up, the minister said.", "The agency will be shut down, the minister said."),
    # a negation said by a word that means "not", "few" or "little", "no X" for "not have X", "nothing but"
    ("The agency has faced inaccurate maintenance calculations.", "The agency has faced wrongly calculated maintenance."),
    ("Insurers have not had long to assess the economic impact of the damage.",
     "Insurers have had little time to gauge the economic impact of the damage."),
    ("Many of those affected will not have insurance, analysts said.",
     "Many of the people affected will have no insurance cover, analysts said."),
    ("They want to scotch the myth that the pressurised fuselage contains only static or recycled air.",
     "They want to kill off the myth that nothing but static or recycled air is held inside the pressurised fuselage."),
    ("Compressed air is fed from the clean part of an engine - untainted by fuel - to the cabin.",
     "Compressed air is taken from the clean section of an engine, which has no fuel in it, to the cabin."),
    ("But air flow isn't the only part of a complex equation.", "Yet the flow of air is only one element in a complicated equation."),
    ("The researchers chose decontamination, not suggesting that masks be discarded.",
     "The researchers chose decontamination, rather than proposing that masks be discarded."),
    # a claim some are credited with in other words
    ("A substantial body of research showed that masks can be reused in a crisis.",
     "There was already a considerable body of research showing that the masks can be reused in a crisis."),
    ("The situation was brought under control with no injuries and the facility is restricted, it said.",
     "The situation was brought under control without injuries, the department said, and the facility is restricted."),
    # "both" and "the two"; "one-time" and "once"
    ("The ministry added that both countries will no doubt benefit.", "The two countries will no doubt benefit, the ministry added."),
    ("The masks are designed for one-time use.", "The masks are designed to be used only once."),
])
def test_negations_in_other_words_credits_kept_and_counts_of_two_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_a_claim_put_before_the_credit_kept_for_the_rest_is_uncredited():
    src = ("The company says that its supply chain for medicines and tests remains intact and that sales are expected "
           "to continue to increase.")
    cpy = "Roche's supply chain for medicines and tests remains intact, and the company says sales are expected to keep rising."
    assert "attribution-removed" in [e.category for e in _mh(src, cpy)], _mh(src, cpy)
    assert "negation" in [e.category for e in _mh("Insurers have not had long to assess the damage.",
                                                  "Insurers have had long enough to assess the damage.")]


def test_a_quantifier_rank_or_contrast_changed_where_the_phrase_moved_is_flagged():
    src = "Award shows are losing viewers, but cinema is thriving, according to some LA film critics."
    cpy = "According to most of the LA film critics, award shows are losing viewers, but cinema is thriving."
    assert "meaning-shift" in [e.category for e in _mh(src, cpy)], _mh(src, cpy)
    assert _mh(src, "According to some of the LA film critics, award shows are losing viewers, but cinema is "
                    "thriving.") == []
    rank = ("\"This will be the largest loss,\" said Serge Troeber, deputy head of Swiss Re's natural disasters "
            "department.")
    assert "role" in [e.category for e in _mh(rank, "Serge Troeber, head of Swiss Re's natural disasters department, "
                                                     "said: \"This will be the largest loss.\"")]
    assert _mh(rank, "Serge Troeber, deputy head of Swiss Re's natural disasters department, said: \"This will be "
                     "the largest loss.\"") == []
    swap = ("Investors would be focusing on the slump in music sales rather than the timing of the two albums, said "
            "Paul Richards, an analyst.")
    assert "negation" in [e.category for e in _mh(swap, "Investors would be concentrating on the timing of the two "
                                                        "albums rather than on the slump in music sales, analyst "
                                                        "Paul Richards said.")]
    assert _mh(swap, "Investors would be concentrating on the slump in music sales rather than on when the two albums "
                     "come out, analyst Paul Richards said.") == []
    assert "negation" in [e.category for e in _mh("The study was also not yet peer reviewed.",
                                                  "The study has already been peer reviewed.")]
    assert "negation" in [e.category for e in _mh("The rebels vowed to defy any plans for a ceasefire.",
                                                  "The rebels vowed to back plans for a ceasefire.")]


@pytest.mark.parametrize("source, copy", [
    ("Passengers will receive a future cruise credit. They can use it or opt for a refund, according to its website.",
     "According to the company's website, passengers will get a future cruise credit. They can use it or opt for a "
     "refund."),
    ("The price of the service remains the same, the company said.", "The price of the service is unchanged, the company said."),
    ("He was sacked because of its inaccuracy, the paper said.", "He was sacked because it was inaccurate, the paper said."),
    ("The new home secretary said the plans would go ahead.", "The incoming home secretary said the plans would go ahead."),
    ("\"If no-one responded to junk e-mail and didn't buy products sold in this way, spam would be extinct,\" he said.",
     "If nobody responded to junk e-mail or bought products sold this way, he said, spam would be extinct."),
    ("According to a survey conducted by security firm Mirapoint and the Radicati Group, a third of users have clicked "
     "on spam. The firm said so.",
     "A third of users have clicked on spam, a survey by security company Mirapoint and market researchers the Radicati "
     "Group found. The firm said so."),
])
def test_credits_beside_prefixes_plainly_ranks_and_de_morgan_raise_no_alarm(source, copy):
    assert [(e.category, e.explanation) for e in _mh(source, copy)] == []


def test_the_same_credits_prefixes_and_negations_changed_are_still_flagged():
    assert "negation" in [e.category for e in _mh(
        "\"If no-one responded to junk e-mail and didn't buy products sold in this way, spam would be extinct,\" he said.",
        "If nobody responded to junk e-mail but they bought products sold this way, he said, spam would be extinct.")]
    assert "role" in [e.category for e in _mh("The new home secretary said the plans would go ahead.",
                                              "The former home secretary said the plans would go ahead.")]
    # the same prefixed word on both sides is no plain word for it (CANNOT)
    assert "negation" in [e.category for e in _mh("It is not illegal.", "It is illegal.")]
    assert "negation" in [e.category for e in _mh("She had a not inconsiderable income.", "She had an inconsiderable income.")]


def test_a_can_stated_as_fact_is_a_hedge_but_what_a_thing_holds_is_not():
    assert "hedge" in [e.category for e in _mh("Clicking on spam can expose people to viruses, he said.",
                                               "Clicking on spam exposes people to viruses, he said.")]
    assert _mh("The new iPod can store 1,000 songs, Apple said.", "The new iPod stores 1,000 songs, Apple said.") == []


def test_alleged_and_supposed_keep_the_same_distance():
    assert _mh("Police questioned him over his alleged involvement in the robbery.",
               "Police questioned him over his supposed role in the robbery.") == []


@pytest.mark.parametrize("source, copy", [
    # a passive verb of belief or report hedges as "reportedly" does
    ("It is thought more than 50 people will lose their jobs when the lab closes.",
     "More than 50 people will lose their jobs when the lab closes."),
    ("He named a Telegram channel that is believed to have relayed the claim first.",
     "He named a Telegram channel that relayed the claim first."),
    # a "reportedly" beside a credit is a hedge of its own
    ("According to the Home Office, travellers will reportedly be required to give their details.",
     "The Home Office says travellers will be required to give their details."),
])
def test_a_claim_at_one_remove_stated_plainly_is_a_hedge_change(source, copy):
    assert "hedge" in {e.category for e in _mh(source, copy)}


@pytest.mark.parametrize("source, copy", [
    ("He is believed to have increased the amount of equity, though it is not clear by how much.",
     "He is thought to have raised the amount of equity, though by how much remains unclear."),
    ("Officers should have treated all potential passengers in the same way.",
     "Officers ought to have dealt with every would-be passenger in the same way."),
    ("It limits the number of people that will be allowed inside at any given time.",
     "It caps how many people may be inside at any one time."),
    ("A spokesperson said the majority of the drivers are trained.",
     "A spokesperson said most of the drivers are trained."),
    ("Italy's ambassador said the UK had to rethink its position.",
     "Italy's ambassador said Britain had to rethink its position."),
    ("Llewellyn has not yet made a match-day squad this season.",
     "Llewellyn has still to make a match-day squad this season."),
    ("The 73-year-old former Chelsea chairman sealed the deal on Friday.",
     "The 73-year-old, who used to be chairman of Chelsea, concluded the deal on Friday."),
    ("The governor said schools would stay shut. There have been almost 10,000 cases in Arizona, according to "
     "AZ Central.", "The governor said schools would stay shut. AZ Central puts the number of cases in Arizona at "
     "almost 10,000."),
    ('"It affects you," he told BBC World Service\'s The Ticket programme.',
     'Speaking to The Ticket programme on the BBC World Service, he said "it affects you".'),
    ('He said he had been "determined" that what had happened with Ball did not affect the album.',
     'Cook said he had been "determined" not to let what happened with Ball affect the album.'),
])
def test_the_same_claim_said_another_way_is_no_change(source, copy):
    assert _mh(source, copy) == []


def test_a_pronoun_of_the_lost_gender_still_there_is_no_gender_change():
    src = 'He smiled. "She said, \'yeah, it\'s hilarious, because your baby did leave you\'."'
    cpy = 'He smiled. Her reply, he said, was: "yeah, it\'s hilarious, because your baby did leave you".'
    assert "speaker" not in {e.category for e in _mh(src, cpy)}
    assert "speaker" in {e.category for e in _mh('She said the deal was done.', 'He said the deal was done.')}


def test_a_neighbour_sentence_the_copy_merged_in_counts_in_the_groups_polarity():
    src = ('"At first I was writing jolly tunes so that people wouldn\'t think I was depressed," he explained. '
           '"Then I thought, \'that\'s not right\'."')
    cpy = ('At first, he explained, he wrote cheerful tunes so that nobody would think he was depressed - until he '
           'decided "that\'s not right".')
    assert "negation" not in {e.category for e in _mh(src, cpy)}


@pytest.mark.parametrize("source, copy", [
    ("The analysis found one in six black women are now unemployed.",
     "The analysis found one in six black women are now out of work."),
    ("The load was shorter in all specimens when assessed individually.",
     "The load was shorter in each specimen assessed on its own."),
    ("She asked a relative to pick him up.", "She asked a relative to collect her son."),
])
def test_a_state_or_a_person_said_another_way_is_no_change(source, copy):
    assert _mh(source, copy) == []
    assert "speaker" in {e.category for e in _mh("His plan was ready.", "Her plan was ready.")}


def test_kept_from_doing_is_not_doing():
    src = "But that does not mean Labour and the Tories are not calling people signed up to the register."
    cpy = "That has not stopped Labour and the Tories from phoning people on the register, however."
    assert "negation" not in {e.category for e in _mh(src, cpy)}
    assert "negation" in {e.category for e in _mh("The rules did not stop Labour from phoning people.",
                                                  "The rules stopped Labour from phoning people.")}
