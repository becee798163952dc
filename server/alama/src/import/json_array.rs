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

/// The elements of the array `content` holds, each as its text and the
/// number of the line it starts on.
///
/// # Errors
///
/// A message naming the line when `content` is not an array of elements
/// separated by commas, or ends inside one.
pub fn elements(content: &str) -> Result<Vec<(usize, &str)>, String> {
    let bytes = content.as_bytes();
    let mut reader = Reader {
        bytes,
        at: 0,
        line: 1,
    };
    reader.skip_white_space();
    if !reader.eat(b'[') {
        return Err(format!("line {}: expected an array", reader.line));
    }
    let mut elements = Vec::new();
    reader.skip_white_space();
    if reader.eat(b']') {
        return reader.end(elements);
    }
    loop {
        reader.skip_white_space();
        let (start, line) = (reader.at, reader.line);
        reader.skip_value()?;
        elements.push((line, content[start..reader.at].trim_end()));
        reader.skip_white_space();
        if reader.eat(b']') {
            return reader.end(elements);
        }
        if !reader.eat(b',') {
            return Err(format!(
                "line {}: expected a comma or the end of the array after an element",
                reader.line
            ));
        }
    }
}

/// A position in the bytes of a JSON text, with its line.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl Reader<'_> {
    fn skip_white_space(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.at += 1;
        }
    }

    /// Steps over `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(next);
        next
    }

    /// `elements` if nothing but white space follows the array.
    fn end(mut self, elements: Vec<(usize, &str)>) -> Result<Vec<(usize, &str)>, String> {
        self.skip_white_space();
        if self.at < self.bytes.len() {
            return Err(format!("line {}: text after the array", self.line));
        }
        Ok(elements)
    }

    /// Steps over one value: up to the comma or bracket that ends it at
    /// the depth it starts at.
    fn skip_value(&mut self) -> Result<(), String> {
        let mut depth = 0usize;
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b'"' => self.skip_string()?,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return Ok(()),
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => return Ok(()),
                b'\n' => self.line += 1,
                _ => {}
            }
            if byte != b'"' {
                self.at += 1;
            }
        }
        Err(format!("line {}: the array does not end", self.line))
    }

    /// Steps over the string that starts at the current byte, a quote.
    ///
    /// A plain loop: most strings of the format are a few bytes long (keys,
    /// tags, words), shorter than a vectorized search takes to start.
    fn skip_string(&mut self) -> Result<(), String> {
        let line = self.line;
        let mut at = self.at + 1;
        while let Some(&byte) = self.bytes.get(at) {
            match byte {
                b'"' => {
                    self.at = at + 1;
                    return Ok(());
                }
                // An escape: the byte after it is not the string's end.
                b'\\' => at += 2,
                // A line break inside a string is an error `serde_json`
                // reports; the line count stays right.
                b'\n' => {
                    self.line += 1;
                    at += 1;
                }
                _ => at += 1,
            }
        }
        Err(format!("line {line}: a string does not end"))
    }
}

#[cfg(test)]
mod tests {
    use super::elements;

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
