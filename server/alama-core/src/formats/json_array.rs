//! The elements of a JSON array, found without parsing them, so that they
//! can be parsed apart on all cores.
//!
//! spaCy's JSON training format is one array of documents some seven times
//! the size of their texts. Parsing it whole takes one core through all of
//! it, and so does checking it first as an array of raw values; finding
//! where each element ends needs only the strings and the brackets. Each
//! element is then parsed by `serde_json`, which finds whatever is wrong in
//! it; a fault of the array itself (no opening bracket, an element not
//! followed by a comma or the closing bracket, an unterminated string) is
//! reported here by its line.
//!
//! The elements are given one by one as they are found, so that a caller
//! can parse the first ones on other cores while the rest is read.

/// Calls `each(start, element)` for every element of the array `content`
/// holds, in order, with the byte offset the element starts at; `each` may
/// parse the elements found so far while the rest is read.
///
/// The bytes are read once and no line is counted on the way: a fault's
/// line is counted from its offset (see [`line_at`]), so that finding the
/// elements costs only the scan of the strings and brackets.
///
/// # Errors
///
/// A message naming the line when `content` is not an array of elements
/// separated by commas, or ends inside one. The elements before the fault
/// have been given to `each` by then.
pub fn for_each_element<'a>(
    content: &'a str,
    mut each: impl FnMut(usize, &'a str),
) -> Result<(), String> {
    let mut reader = Reader {
        content,
        bytes: content.as_bytes(),
        at: 0,
    };
    reader.skip_white_space();
    if !reader.eat(b'[') {
        return Err(reader.fault(reader.at, "expected an array"));
    }
    reader.skip_white_space();
    if reader.eat(b']') {
        return reader.end();
    }
    loop {
        reader.skip_white_space();
        let start = reader.at;
        reader.skip_value()?;
        each(start, content[start..reader.at].trim_end());
        reader.skip_white_space();
        if reader.eat(b']') {
            return reader.end();
        }
        if !reader.eat(b',') {
            return Err(reader.fault(
                reader.at,
                "expected a comma or the end of the array after an element",
            ));
        }
    }
}

/// The number of the line that byte `at` of `content` is on, counting from
/// one.
pub fn line_at(content: &str, at: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &content.as_bytes()[..at]).count()
}

/// The lines of a text at offsets asked in increasing order, each counted
/// on from the one asked before, so that the lines of many faults are
/// found in one reading of the text.
pub struct Lines<'a> {
    content: &'a str,
    counted: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    pub fn new(content: &'a str) -> Lines<'a> {
        Lines {
            content,
            counted: 0,
            line: 1,
        }
    }

    /// The number of the line byte `at` is on, counting from one.
    ///
    /// # Panics
    ///
    /// Panics if `at` lies before an offset asked earlier.
    pub fn at(&mut self, at: usize) -> usize {
        let between = &self.content.as_bytes()[self.counted..at];
        self.line += memchr::memchr_iter(b'\n', between).count();
        self.counted = at;
        self.line
    }
}

/// A position in the bytes of a JSON text.
struct Reader<'a> {
    content: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn skip_white_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// Steps over `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(next);
        next
    }

    /// The message of a fault at byte `at`, with its line.
    fn fault(&self, at: usize, message: &str) -> String {
        format!("line {}: {message}", line_at(self.content, at))
    }

    /// Succeeds if nothing but white space follows the array.
    fn end(mut self) -> Result<(), String> {
        self.skip_white_space();
        if self.at < self.bytes.len() {
            return Err(self.fault(self.at, "text after the array"));
        }
        Ok(())
    }

    /// Steps over one value: up to the comma or bracket that ends it at
    /// the depth it starts at.
    fn skip_value(&mut self) -> Result<(), String> {
        let mut depth = 0usize;
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b'"' => {
                    self.skip_string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return Ok(()),
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => return Ok(()),
                _ => {}
            }
            self.at += 1;
        }
        Err(self.fault(self.at, "the array does not end"))
    }

    /// Steps over the string that starts at the current byte, a quote.
    ///
    /// A plain loop: most strings of the format are a few bytes long (keys,
    /// tags, words), shorter than a vectorized search takes to start.
    fn skip_string(&mut self) -> Result<(), String> {
        let mut at = self.at + 1;
        while let Some(&byte) = self.bytes.get(at) {
            match byte {
                b'"' => {
                    self.at = at + 1;
                    return Ok(());
                }
                // An escape: the byte after it is not the string's end.
                b'\\' => at += 2,
                _ => at += 1,
            }
        }
        Err(self.fault(self.at, "a string does not end"))
    }
}

#[cfg(test)]
mod tests {
    use super::{for_each_element, line_at, Lines};

    /// The elements of the array `content` holds, each with the number of
    /// the line it starts on.
    fn elements(content: &str) -> Result<Vec<(usize, &str)>, String> {
        let mut elements = Vec::new();
        for_each_element(content, |start, element| {
            elements.push((line_at(content, start), element));
        })?;
        Ok(elements)
    }

    #[test]
    fn elements_are_found_with_their_lines() {
        let content = "[\n{\"a\": [1, {\"b\": \"]},\\\"\"}]},\n  \"x\\\\\" ,\n3\n]\n";
        assert_eq!(
            elements(content),
            Ok(vec![
                (2, "{\"a\": [1, {\"b\": \"]},\\\"\"}]}"),
                (3, "\"x\\\\\""),
                (4, "3"),
            ])
        );
        assert_eq!(elements(" [ ] "), Ok(vec![]));
    }

    #[test]
    fn each_element_is_given_with_its_offset_and_the_line_is_counted_from_it() {
        let content = "[1,\n  {\"a\": \"x\\n\"},\n 😀\"ب\"]";
        let mut found = Vec::new();
        let result = for_each_element(content, |start, element| found.push((start, element)));
        // The third element is no JSON value, which only its parser tells.
        assert_eq!(result, Ok(()));
        assert_eq!(
            found,
            vec![(1, "1"), (6, "{\"a\": \"x\\n\"}"), (21, "😀\"ب\"")]
        );
        assert_eq!(line_at(content, 6), 2);
        assert_eq!(line_at(content, 21), 3);
        let mut lines = Lines::new(content);
        assert_eq!([lines.at(1), lines.at(6), lines.at(21)], [1, 2, 3]);
    }

    #[test]
    fn elements_before_a_fault_are_given_before_it_is_reported() {
        let mut found = Vec::new();
        let result = for_each_element("[1, 2 3\n}]", |_, element| found.push(element));
        assert_eq!(
            result,
            Err("line 2: expected a comma or the end of the array after an element".to_owned())
        );
        assert_eq!(found, vec!["1", "2 3"]);
    }

    #[test]
    fn a_malformed_array_is_reported_by_line() {
        assert_eq!(elements("{}"), Err("line 1: expected an array".to_owned()));
        // Two values without a comma are one element, which its parser
        // refuses; a closing brace where none is open ends the element.
        assert_eq!(elements("[\n1\n2]"), Ok(vec![(2, "1\n2")]));
        assert_eq!(
            elements("[\n1\n}]"),
            Err("line 3: expected a comma or the end of the array after an element".to_owned())
        );
        assert_eq!(
            elements("[\n\"abc"),
            Err("line 2: a string does not end".to_owned())
        );
        assert_eq!(
            elements("[1, {\"a\": 1}"),
            Err("line 1: the array does not end".to_owned())
        );
        assert_eq!(
            elements("[1] x"),
            Err("line 1: text after the array".to_owned())
        );
    }
}
