//! Stage 1, decode: raw bytes → UTF-8 text. BOMs first (UTF-8, UTF-16LE/BE),
//! then valid UTF-8, then chardetng's guess (GB18030/GBK, Big5, …) decoded
//! with encoding_rs. Binary input is refused. Compatibility forms that PDF
//! extraction produces (Kangxi radicals ⼤ → 大, full-width letters/digits)
//! are NFKC-normalised; other characters are left alone so that ① and
//! full-width brackets keep their meaning for the outline. A text that was
//! already decoded wrongly before it was saved (Big5 or GBK read as Latin-1,
//! `¤G¹s¤@`) is read again by [`repair_latin1_mojibake`].

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use unicode_normalization::UnicodeNormalization;

/// Decoded text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Bytes that could not be decoded were replaced by U+FFFD.
    pub had_errors: bool,
    /// The text had been read as Latin-1 before it was saved, and was read
    /// again in this double-byte encoding (see [`repair_latin1_mojibake`]).
    pub read_again_as: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file (not text)")]
    Binary,
}

/// Decode raw bytes to text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let (encoding, body): (&'static Encoding, &[u8]) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            (UTF_8, rest)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            (UTF_16LE, rest)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            (UTF_16BE, rest)
        } else {
            if looks_binary(bytes) {
                return Err(DecodeError::Binary);
            }
            if std::str::from_utf8(bytes).is_ok() {
                (UTF_8, bytes)
            } else {
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(bytes, true);
                (detector.guess(None, true), bytes)
            }
        };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if looks_binary_text(&text) {
        return Err(DecodeError::Binary);
    }
    // Before normalising: that drops a soft hyphen (byte 0xAD) and turns a
    // no-break space (0xA0) into a space, bytes the text's own encoding needs.
    let (text, read_again_as) = match repair_latin1_mojibake(&text) {
        Some((repaired, encoding)) => (std::borrow::Cow::Owned(repaired), Some(encoding)),
        None => (text, None),
    };
    let text = normalize_compat(&text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        had_errors,
        read_again_as,
    })
}

/// Characters Windows-1252 gives to the bytes 0x80–0x9F, in byte order
/// (`\0` where it leaves the byte undefined).
const CP1252_HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘',
    '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// The byte a Latin-1 or Windows-1252 reading gave this character, if any.
fn latin_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        n @ 0..=0xFF => u8::try_from(n).ok(),
        _ => CP1252_HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// Common characters of Chinese text, traditional and simplified forms:
/// a right reading of double-byte text is full of them, a wrong one is not.
const COMMON_HAN: &str = "的一是不了在人有我他這这中大為为上個个國国以要時时來来們们生到作地於于出就分對对成會会可主發发年動动同工也能下過过子說说產产種种面而方後后多定行學学法所民得經经十三之進进著等部度家電电力裡里如水化高自二理起小物現现實实加量都兩两體体制機机當当使點点從从業业本去把性好應应開开它合還还因由其些然前外天政四日那社義义事平形相全表間间樣样與与關关各重新內内數数正心反你明看原又麼么利比或但質质氣气第向道命此變变條条只沒没結结解問问意建月公無无系軍军很情者最立代想已通並并提直題题程展五果料象員员位入常文總总次品式活設设及管特件長长求老頭头基資资邊边流路級级少圖图山統统接知較较將将組组見见計计別别";

/// Shortest run of Latin-1 mojibake worth reading again.
const MIN_MOJIBAKE_CHARS: usize = 40;

/// Text in a double-byte Chinese encoding (Big5, GBK) that was read as
/// Latin-1 or Windows-1252 and saved as UTF-8 (`¤G¹s¤@¹s¦~` for
/// 二零一零年): the bytes are recovered and read again. Returns the text
/// and the encoding it was in, or `None` when the text does not look so
/// (at least 30% of its characters Latin-1 letters and symbols, far more
/// of them than Chinese characters) or neither encoding reads it well.
pub fn repair_latin1_mojibake(text: &str) -> Option<(String, &'static str)> {
    let mut high = 0usize;
    let mut han = 0usize;
    let mut visible = 0usize;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        visible += 1;
        if !c.is_ascii() && latin_byte(c).is_some() {
            high += 1;
        } else if crate::import::repair::is_cjk(c) {
            han += 1;
        }
    }
    if high < MIN_MOJIBAKE_CHARS || high * 10 < visible * 3 || high < han * 4 {
        return None;
    }
    let read = |encoding: &'static Encoding| -> String {
        let mut out = String::with_capacity(text.len());
        let mut run: Vec<u8> = Vec::new();
        for c in text.chars() {
            match latin_byte(c) {
                Some(b) => run.push(b),
                None => {
                    out.push_str(&encoding.decode_without_bom_handling(&run).0);
                    run.clear();
                    out.push(c);
                }
            }
        }
        out.push_str(&encoding.decode_without_bom_handling(&run).0);
        out
    };
    let score = |t: &str| -> (usize, usize, usize) {
        let mut common = 0;
        let mut han = 0;
        let mut bad = 0;
        for c in t.chars() {
            if c == '\u{FFFD}' {
                bad += 1;
            } else if crate::import::repair::is_cjk(c) {
                han += 1;
                if COMMON_HAN.contains(c) {
                    common += 1;
                }
            }
        }
        (common, han, bad)
    };
    [encoding_rs::BIG5, encoding_rs::GBK]
        .into_iter()
        .map(|encoding| {
            let repaired = read(encoding);
            let counts = score(&repaired);
            (repaired, encoding.name(), counts)
        })
        // A right reading: mostly Chinese, few undecodable bytes, and common
        // characters among the Chinese ones.
        .filter(|(_, _, (common, han, bad))| *bad * 10 < *han && *common * 8 >= *han)
        .max_by_key(|(_, _, (common, _, _))| *common)
        .map(|(repaired, name, _)| (repaired, name))
}

/// NUL bytes or many control bytes in a BOM-less file mean it is not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 20 > sample.len()
}

/// After decoding (e.g. a UTF-16 file that was really binary): many control
/// characters or replacement characters mean there is no text.
fn looks_binary_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}')) || c == '\u{FFFD}' {
            bad += 1;
        }
    }
    total > 0 && bad * 10 > total
}

/// Characters whose compatibility decomposition is wanted: Kangxi radicals,
/// CJK radicals supplement, CJK compatibility ideographs, full-width ASCII
/// letters and digits, and the ideographic space. Also the other spaces a
/// browser copy or a page carries (no-break, en/em/thin, narrow no-break,
/// medium mathematical), which NFKC makes plain spaces: "1\u{a0}晶片" is the
/// heading "1 晶片", "Syneos\u{a0}Health" a company name.
fn is_compat_form(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2EFF | 0x2F00..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F
        | 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0x3000
        | 0x00A0 | 0x2000..=0x200A | 0x202F | 0x205F)
}

/// Invisible characters that pages scatter through text (zero-width space,
/// word joiner, a byte-order mark inside the text, soft hyphen): they would
/// split words and names, so they are removed.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// NFKC-normalise the compatibility forms only, drop invisible characters
/// and make every line break `\n`; everything else is kept.
pub fn normalize_compat(text: &str) -> String {
    if !text.chars().any(|c| is_compat_form(c) || is_invisible(c)) {
        return text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let mut out = String::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if is_compat_form(c) {
            let s: &str = c.encode_utf8(&mut buf);
            out.extend(s.nfkc());
        } else if !is_invisible(c) {
            out.push(c);
        }
    }
    out.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "市场调查报告：一、市场概述（1）规模";

    /// `text` in `encoding`, each byte then read as Windows-1252.
    fn misread_as_latin1(text: &str, encoding: &'static Encoding) -> String {
        let (bytes, _, _) = encoding.encode(text);
        let (latin, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
        latin.into_owned()
    }

    #[test]
    fn double_byte_text_read_as_latin1_is_read_again() {
        let traditional = "二零一零年第四季建造工程完成量統計數字公布。政府統計處今日公布建造工程完成量按季統計調查的臨時結果，主要承建商所完成的建造工程總值較二零零九年同期上升百分之十三。";
        let misread = misread_as_latin1(traditional, encoding_rs::BIG5);
        assert!(misread.contains('¤'), "{misread}");
        let line = format!("Home > {misread}\n");
        assert_eq!(
            repair_latin1_mojibake(&line),
            Some((format!("Home > {traditional}\n"), "Big5"))
        );
        let simplified = "二零一零年第四季建造工程完成量统计数字公布。政府统计处今日公布建造工程完成量按季统计调查的临时结果，主要承建商所完成的建造工程总值较二零零九年同期上升。";
        let misread = misread_as_latin1(simplified, encoding_rs::GBK);
        assert_eq!(
            repair_latin1_mojibake(&misread),
            Some((simplified.to_string(), "GBK"))
        );
        // Text in a language written with Latin-1 letters is left alone.
        let french = "Le marché des paiements électroniques a progressé de 12 % en 2024, porté par la généralisation du paiement sans contact à Paris, Montréal et Genève. Les banques européennes réagissent à la concurrence.";
        assert_eq!(repair_latin1_mojibake(french), None);
        assert_eq!(repair_latin1_mojibake(SAMPLE), None);
        // Through the decoder: 主要 is A5 44 AD 6E in Big5, and the soft
        // hyphen that 0xAD reads as in Latin-1 must reach the re-read.
        let with_soft_hyphen = format!("{traditional}主要承建商。");
        let misread = misread_as_latin1(&with_soft_hyphen, encoding_rs::BIG5);
        assert!(misread.contains('\u{AD}'));
        let d = decode(misread.as_bytes()).unwrap();
        assert_eq!(d.text, with_soft_hyphen);
        assert_eq!(d.read_again_as, Some("Big5"));
        assert_eq!(decode(SAMPLE.as_bytes()).unwrap().read_again_as, None);
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-8"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, SAMPLE);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in SAMPLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&le).unwrap().text, SAMPLE);
        assert_eq!(decode(&be).unwrap().text, SAMPLE);
    }

    #[test]
    fn gb18030_and_big5() {
        let long = SAMPLE.repeat(20);
        let (gbk, _, _) = encoding_rs::GB18030.encode(&long);
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, long);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
        let trad = "市場調查報告：一、市場概述，隨著網絡發展，銀行業務擴大。".repeat(20);
        let (big5, _, _) = encoding_rs::BIG5.encode(&trad);
        let d = decode(&big5).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, trad);
    }

    #[test]
    fn kangxi_radicals_are_normalised_but_circled_digits_kept() {
        assert_eq!(
            normalize_compat("⼤学⽣ ⼀ 、①（一）"),
            "大学生 一 、①（一）"
        );
        assert_eq!(normalize_compat("ＡＢ１２\r\nx"), "AB12\nx");
    }

    #[test]
    fn odd_spaces_become_spaces_and_invisible_characters_go() {
        assert_eq!(
            normalize_compat("1\u{a0}晶片\u{2003}Syneos\u{202f}Health\r"),
            "1 晶片 Syneos Health\n"
        );
        assert_eq!(
            normalize_compat("中国\u{200b}人民\u{feff}银行\u{ad}\u{2060}"),
            "中国人民银行"
        );
        // Joiners inside emoji and scripts that need them are kept.
        assert_eq!(normalize_compat("a\u{200d}b"), "a\u{200d}b");
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t "), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary)
        );
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 32) as u8).collect();
        assert_eq!(decode(&noise), Err(DecodeError::Binary));
    }
}
