use super::*;

/// Places `(old start, text)` anchors of one kind in `new`, as
/// `start..end` or `gone`.
fn place(new: &str, anchors: &[(usize, &str)]) -> Vec<String> {
    let text = Text::new(new.to_owned());
    let anchors: Vec<Anchor> = anchors
        .iter()
        .map(|&(start, text)| Anchor {
            span: Span::new(start, start + text.chars().count()),
            text,
            kind: "GPE",
        })
        .collect();
    reanchor(&text, &anchors)
        .into_iter()
        .map(|place| place.map_or("gone".to_owned(), |s| s.to_string()))
        .collect()
}

#[test]
fn annotations_that_hold_stay() {
    assert_eq!(place("في بغداد", &[(3, "بغداد")]), ["3..8"]);
}

#[test]
fn text_prepended_moves_every_annotation_by_its_length() {
    // Old: "بغداد ثم بغداد ثم بغداد" with the first and last annotated.
    // The prefix is longer than the gap between two mentions: the nearest
    // occurrence of the last is the middle one, but both agree on 12.
    let new = "خبر عاجل جدا بغداد ثم بغداد ثم بغداد";
    assert_eq!(
        place(new, &[(0, "بغداد"), (18, "بغداد")]),
        ["13..18", "31..36"]
    );
}

#[test]
fn text_deleted_before_moves_annotations_back() {
    let new = "بغداد ثم بغداد ثم واشنطن";
    // Old: "قال الرئيس إن بغداد ثم بغداد ثم واشنطن", the second بغداد and
    // واشنطن annotated.
    assert_eq!(
        place(new, &[(23, "بغداد"), (32, "واشنطن")]),
        ["9..14", "18..24"]
    );
}

#[test]
fn a_lone_annotation_goes_to_the_nearest_occurrence_ties_to_the_earlier() {
    let new = "بغداد ثم بغداد ثم بغداد";
    assert_eq!(place(new, &[(10, "بغداد")]), ["9..14"]);
    // 3 from 0..5 and from 6..11: the earlier.
    assert_eq!(place("بغداد بغداد", &[(3, "بغداد")]), ["0..5"]);
}

#[test]
fn two_annotations_never_take_the_same_occurrence() {
    // Both nearest the first occurrence, which holds one of them already.
    assert_eq!(
        place("بغداد ثم بغداد", &[(0, "بغداد"), (1, "بغداد")]),
        ["0..5", "9..14"]
    );
    assert_eq!(
        place("بغداد", &[(0, "بغداد"), (1, "بغداد")]),
        ["0..5", "gone"]
    );
}

#[test]
fn text_that_no_longer_occurs_is_not_placed() {
    assert_eq!(place("في نيويورك", &[(3, "واشنطن")]), ["gone"]);
    assert_eq!(place("", &[(3, "واشنطن")]), ["gone"]);
}

#[test]
fn offsets_count_code_points() {
    // An emoji is one code point but four bytes; occurrences may overlap.
    assert_eq!(place("😀 aaa", &[(0, "aa")]), ["2..4"]);
}
