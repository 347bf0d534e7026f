//! Parsing one request line.

/// A parsed request line, borrowing the bytes it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    /// The verb in upper case; verbs are compared case-insensitively.
    pub verb: String,
    /// Everything after the verb and its separating space (ERRL's free text).
    pub rest: &'a [u8],
}

impl<'a> Request<'a> {
    /// Splits the verb from the rest. Never fails: an odd verb is the command's problem (503).
    pub fn parse(line: &'a [u8]) -> Request<'a> {
        let line = trim_end(line);
        let (verb, rest) = match line.iter().position(|&b| b == b' ') {
            Some(i) => (&line[..i], &line[i + 1..]),
            None => (line, &line[line.len()..]),
        };
        Request {
            verb: String::from_utf8_lossy(verb).to_ascii_uppercase(),
            rest,
        }
    }

    /// `NAME=VALUE` pairs separated by single spaces, split at the first `=`. A token without
    /// `=` yields an empty value.
    pub fn params(&self) -> impl Iterator<Item = (&'a [u8], &'a [u8])> {
        self.rest
            .split(|&b| b == b' ')
            .filter(|t| !t.is_empty())
            .map(|t| match t.iter().position(|&b| b == b'=') {
                Some(i) => (&t[..i], &t[i + 1..]),
                None => (t, &t[t.len()..]),
            })
    }

    /// The value of parameter `name` (case-insensitive), the first if repeated.
    pub fn param(&self, name: &str) -> Option<&'a [u8]> {
        self.params()
            .find(|(k, _)| k.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v)
    }

    /// The parameter names, for logging (never the values).
    pub fn param_names(&self) -> Vec<String> {
        self.params()
            .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
            .collect()
    }
}

fn trim_end(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., b'\r' | b'\n'] = line {
        line = rest;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_line() {
        let r = Request::parse(
            b"init ID=2 DT=250411 TM=142807 HST=DLUKAREV ATP=EBOCloudReportApp.exe AVR=6.0.0.0\r\n",
        );
        assert_eq!(r.verb, "INIT");
        assert_eq!(r.param("id"), Some(&b"2"[..]));
        assert_eq!(r.param("HST"), Some(&b"DLUKAREV"[..]));
        assert_eq!(r.param("AVR"), Some(&b"6.0.0.0"[..]));
        assert_eq!(r.param("nope"), None);
        assert_eq!(r.param_names().len(), 6);
    }

    #[test]
    fn data_value_keeps_equals_signs() {
        let r = Request::parse(b"INFO DATA=abc==");
        assert_eq!(r.param("DATA"), Some(&b"abc=="[..]));
    }

    #[test]
    fn bare_verb_and_garbage() {
        assert_eq!(Request::parse(b"PING").verb, "PING");
        assert_eq!(Request::parse(b"PING\n").rest, b"");
        assert_eq!(Request::parse(b"").verb, "");
        let r = Request::parse(b"\xff\xfe x");
        assert_eq!(r.verb.chars().count(), 2);
        let r = Request::parse(b"ERRL [Error]Unable to init! Terminate");
        assert_eq!(r.rest, b"[Error]Unable to init! Terminate");
    }
}
