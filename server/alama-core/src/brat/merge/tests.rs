use expect_test::{expect, Expect};

use crate::brat::AnnFile;
use crate::text::Text;

/// Words at 0..5, 6..11, 12..17 and 18..23.
const DOC: &str = "alpha bravo delta gamma";

fn check(base: &str, ours: &str, theirs: &str, expect: Expect) {
    let text = Text::new(DOC.to_owned());
    let parse = |content: &str| AnnFile::parse("x.ann", content, &text).0;
    let merged = AnnFile::merge(&parse(base), &parse(ours), &parse(theirs));
    expect.assert_eq(&merged.render());
}

#[test]
fn new_annotations_of_both_are_kept_and_numbered_apart() {
    check(
        "T1\tPER 0 5\talpha\n",
        "T1\tPER 0 5\talpha\nT2\tGPE 6 11\tbravo\nN1\tReference T2 geo:1\tBravo\n#1\tAnnotatorNotes T2\tours\n",
        "T1\tPER 0 5\talpha\nT2\tORG 12 17\tdelta\nN1\tReference T2 wikidata:T2\tDelta\n",
        expect![[r#"
            T1	PER 0 5	alpha
            T2	ORG 12 17	delta
            N1	Reference T2 wikidata:T2	Delta
            T3	GPE 6 11	bravo
            N2	Reference T3 geo:1	Bravo
            #1	AnnotatorNotes T3	ours
        "#]],
    );
}

#[test]
fn the_same_new_annotation_is_kept_once() {
    check(
        "",
        "T1\tPER 0 5\talpha\nN1\tReference T1 geo:1\tAlpha\n",
        "T1\tPER 0 5\talpha\n",
        expect![[r#"
            T1	PER 0 5	alpha
            N1	Reference T1 geo:1	Alpha
        "#]],
    );
}

#[test]
fn removals_take_what_refers_to_the_annotation_and_are_not_undone() {
    check(
        "T1\tPER 0 5\talpha\nT2\tGPE 6 11\tbravo\n#1\tAnnotatorNotes T1\tnote\n",
        "T2\tGPE 6 11\tbravo\n",
        "T1\tPER 0 5\talpha\nT2\tGPE 6 11\tbravo\n#1\tAnnotatorNotes T1\tnote\nR1\tNear Arg1:T1 Arg2:T2\nT3\tGPE 18 23\tgamma\n",
        expect![[r#"
            T2	GPE 6 11	bravo
            T3	GPE 18 23	gamma
        "#]],
    );
}

#[test]
fn a_retyped_annotation_keeps_its_number_and_notes() {
    check(
        "T1\tPER 0 5\talpha\nN1\tReference T1 geo:1\tAlpha\n",
        "T1\tLOC 0 5\talpha\nN1\tReference T1 geo:2\tAlpha 2\n",
        "T1\tPER 0 5\talpha\nN1\tReference T1 geo:1\tAlpha\n#1\tAnnotatorNotes T1\ttheirs\n",
        expect![[r#"
            T1	LOC 0 5	alpha
            N1	Reference T1 geo:2	Alpha 2
            #1	AnnotatorNotes T1	theirs
        "#]],
    );
}

#[test]
fn a_change_outlives_a_removal() {
    // Ours relinked what theirs removed; theirs relinked what ours removed.
    check(
        "T1\tPER 0 5\talpha\nT2\tGPE 6 11\tbravo\n",
        "T1\tPER 0 5\talpha\nN1\tReference T1 geo:1\tAlpha\n",
        "T2\tGPE 6 11\tbravo\nN1\tReference T2 geo:2\tBravo\n",
        expect![[r#"
            T2	GPE 6 11	bravo
            N1	Reference T2 geo:2	Bravo
            T1	PER 0 5	alpha
            N2	Reference T1 geo:1	Alpha
        "#]],
    );
}

#[test]
fn unread_lines_of_ours_are_numbered_apart_with_their_references() {
    // Ours kept an annotation whose text is gone as an unread `T1` line,
    // with a note; theirs has another `T1`.
    check(
        "",
        "T1\tPER 30 35\tzulu\n#1\tAnnotatorNotes T1\tgone\n",
        "T1\tPER 0 5\talpha\n",
        expect![[r#"
            T1	PER 0 5	alpha
            T2	PER 30 35	zulu
            #1	AnnotatorNotes T2	gone
        "#]],
    );
}

#[test]
fn one_of_two_duplicates_removed_by_ours_is_the_one_removed() {
    let base = "T1\tPER 0 5\talpha\nT2\tPER 0 5\talpha\nN1\tReference T2 geo:1\tAlpha\n";
    check(
        base,
        "T2\tPER 0 5\talpha\nN1\tReference T2 geo:1\tAlpha\n",
        &format!("{base}#1\tAnnotatorNotes T2\ttheirs\n"),
        expect![[r#"
            T2	PER 0 5	alpha
            N1	Reference T2 geo:1	Alpha
            #1	AnnotatorNotes T2	theirs
        "#]],
    );
}

#[test]
fn a_link_set_on_the_second_of_two_duplicates_stays_on_it() {
    let base = "T1\tPER 0 5\talpha\nT2\tPER 0 5\talpha\n";
    check(
        base,
        "T1\tPER 0 5\talpha\nT2\tPER 0 5\talpha\nN1\tReference T2 geo:1\tAlpha\n",
        base,
        expect![[r#"
            T1	PER 0 5	alpha
            T2	PER 0 5	alpha
            N1	Reference T2 geo:1	Alpha
        "#]],
    );
}

#[test]
fn an_annotation_removed_and_added_again_by_ours_stays() {
    check(
        "T1\tPER 0 5\talpha\n",
        "T2\tPER 0 5\talpha\n",
        "T1\tPER 0 5\talpha\n",
        expect![[r#"
            T1	PER 0 5	alpha
        "#]],
    );
}
