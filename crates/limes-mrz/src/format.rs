//! The MRZ formats and their shapes (lines × characters), and which one a set of lines is.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    #[serde(rename = "TD1")]
    Td1,
    #[serde(rename = "TD2")]
    Td2,
    #[serde(rename = "TD3")]
    Td3,
    #[serde(rename = "MRVA")]
    MrvA,
    #[serde(rename = "MRVB")]
    MrvB,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Td1 => "TD1",
            Format::Td2 => "TD2",
            Format::Td3 => "TD3",
            Format::MrvA => "MRVA",
            Format::MrvB => "MRVB",
        }
    }
    pub(crate) fn shape(self) -> (usize, usize) {
        match self {
            Format::Td1 => (3, 30),
            Format::Td2 | Format::MrvB => (2, 36),
            Format::Td3 | Format::MrvA => (2, 44),
        }
    }
}

pub(crate) fn detect(lines: &[Vec<u8>]) -> Option<Format> {
    let first = lines.first()?;
    let is_visa = first.first() == Some(&b'V');
    match (lines.len(), first.len()) {
        (3, _) => Some(Format::Td1),
        (2, n) if n >= 40 => Some(if is_visa { Format::MrvA } else { Format::Td3 }),
        (2, n) if n >= 33 => Some(if is_visa { Format::MrvB } else { Format::Td2 }),
        _ => None,
    }
}
