//! Text that came from a server, made safe to show: terminal escape sequences and control
//! characters removed, so a name can't move the cursor, recolour or retitle the terminal,
//! hide the lines around it, or reorder what is shown.

/// `text` with escape sequences (CSI, OSC, DCS and the like), control characters and
/// bidirectional overrides removed; line breaks and tabs become a space, so the result is one
/// line. For any text from Mode shown in a terminal or another plain-text view.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 introducers of a control string: CSI, OSC, DCS, SOS, PM, APC.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Directional formatting characters, which can make text read differently from what it is.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After ESC: the rest of the sequence it starts.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // ESC, intermediates (0x20-0x2f), then one final character.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next();
        }
        _ => {}
    }
}

/// A control sequence: parameters and intermediates, then one final byte (0x40-0x7e).
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            return;
        }
    }
}

/// A control string (OSC, DCS ...): up to BEL, ST (ESC \) or the C1 ST.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        assert_eq!(printable("\u{1b}[31mRed\u{1b}[0m PG"), "Red PG");
        assert_eq!(
            printable("a\u{1b}]0;pwned\u{7}b\u{1b}]8;;https://evil\u{1b}\\c"),
            "abc"
        );
        assert_eq!(printable("x\u{1b}[2J\u{1b}[1;1Hy"), "xy");
        assert_eq!(printable("one\ntwo\r\tthree"), "one two  three");
        assert_eq!(printable("bell\u{7}\u{0}\u{8}\u{7f}"), "bell");
        assert_eq!(printable("c1\u{9b}31mred"), "c1red");
        assert_eq!(printable("rtl\u{202e}gpj.exe"), "rtlgpj.exe");
        assert_eq!(printable("Ünïcödé — ok 数据"), "Ünïcödé — ok 数据");
        assert_eq!(printable("trailing\u{1b}"), "trailing");
        assert_eq!(printable("\u{1b}(Bcharset"), "charset");
    }
}
