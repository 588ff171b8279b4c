//! Realistic firearm registers and the ways officers write their weapons, generated from a seed: real makes,
//! models and calibres with serial formats shaped like each maker's, and written variants of a serial (look-alike
//! characters, separators and prefixes, one typo) and of the make, model and calibre. For the demo register, the
//! benchmark and the evaluation; deterministic, no I/O.

/// A small deterministic generator (SplitMix64): the same seed gives the same register everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A model a maker makes: its name, the calibre as registers write it, the type of firearm.
#[derive(Debug, Clone, Copy)]
pub struct ModelSpec {
    pub model: &'static str,
    pub calibre: &'static str,
    pub firearm_type: &'static str,
}

/// A maker: the names it is written under, its country (ISO 3166 alpha-2), its models and its serial format
/// (`L` a letter, `9` a digit, `Y` a year digit pair 60–99, anything else as is).
#[derive(Debug, Clone, Copy)]
pub struct MakerSpec {
    pub names: &'static [&'static str],
    pub country: &'static str,
    pub models: &'static [ModelSpec],
    pub serial_formats: &'static [&'static str],
    /// How common the maker's weapons are in the register (relative).
    pub weight: usize,
}

const fn m(model: &'static str, calibre: &'static str, firearm_type: &'static str) -> ModelSpec {
    ModelSpec {
        model,
        calibre,
        firearm_type,
    }
}

/// The makers of the synthetic registers.
pub const MAKERS: &[MakerSpec] = &[
    MakerSpec {
        names: &["Kalashnikov", "Izhmash", "Kalashnikov Concern"],
        country: "RU",
        models: &[
            m("AK-47", "7.62x39", "rifle"),
            m("AKM", "7.62x39", "rifle"),
            m("AK-74", "5.45x39", "rifle"),
            m("AKS-74U", "5.45x39", "rifle"),
        ],
        serial_formats: &["19Y999999", "LL9999", "19Y 999999"],
        weight: 14,
    },
    MakerSpec {
        names: &["Norinco", "China North Industries"],
        country: "CN",
        models: &[
            m("Type 56", "7.62x39", "rifle"),
            m("Type 54", "7.62x25", "pistol"),
            m("Type 81", "7.62x39", "rifle"),
        ],
        serial_formats: &["99999999", "56-9999999"],
        weight: 8,
    },
    MakerSpec {
        names: &["Glock", "Glock GmbH"],
        country: "AT",
        models: &[
            m("17", "9x19", "pistol"),
            m("19", "9x19", "pistol"),
            m("22", ".40 S&W", "pistol"),
            m("26", "9x19", "pistol"),
        ],
        serial_formats: &["LLL999", "LLLL999"],
        weight: 12,
    },
    MakerSpec {
        names: &["Beretta", "Pietro Beretta"],
        country: "IT",
        models: &[
            m("92FS", "9x19", "pistol"),
            m("PX4 Storm", "9x19", "pistol"),
            m("M9", "9x19", "pistol"),
            m("1301", "12 gauge", "shotgun"),
        ],
        serial_formats: &["BER999999Z", "L99999Z", "PX99999"],
        weight: 9,
    },
    MakerSpec {
        names: &["Colt", "Colt's Manufacturing"],
        country: "US",
        models: &[
            m("M16A2", "5.56x45", "rifle"),
            m("M4", "5.56x45", "rifle"),
            m("1911", ".45 ACP", "pistol"),
            m("Python", ".357 Magnum", "revolver"),
        ],
        serial_formats: &["9999999", "LL99999", "99999-L"],
        weight: 7,
    },
    MakerSpec {
        names: &["FN Herstal", "FN", "Fabrique Nationale"],
        country: "BE",
        models: &[
            m("FAL", "7.62x51", "rifle"),
            m("Five-seveN", "5.7x28", "pistol"),
            m("Hi-Power", "9x19", "pistol"),
            m("P90", "5.7x28", "submachine_gun"),
            m("MAG", "7.62x51", "machine_gun"),
        ],
        serial_formats: &["999999", "386999999", "LL999999"],
        weight: 6,
    },
    MakerSpec {
        names: &["Heckler & Koch", "H&K", "HK"],
        country: "DE",
        models: &[
            m("G3", "7.62x51", "rifle"),
            m("MP5", "9x19", "submachine_gun"),
            m("USP", ".40 S&W", "pistol"),
            m("HK416", "5.56x45", "rifle"),
        ],
        serial_formats: &["99-999999", "999-999999"],
        weight: 6,
    },
    MakerSpec {
        names: &["CZ", "Česká zbrojovka"],
        country: "CZ",
        models: &[
            m("75", "9x19", "pistol"),
            m("vz. 58", "7.62x39", "rifle"),
            m("Scorpion Evo 3", "9x19", "submachine_gun"),
            m("P-10 C", "9x19", "pistol"),
        ],
        serial_formats: &["L999999", "LL999999"],
        weight: 7,
    },
    MakerSpec {
        names: &["Zastava", "Crvena Zastava"],
        country: "RS",
        models: &[
            m("M70", "7.62x39", "rifle"),
            m("M57", "7.62x25", "pistol"),
            m("M92", "7.62x39", "rifle"),
        ],
        serial_formats: &["999999", "L-999999"],
        weight: 8,
    },
    MakerSpec {
        names: &["Smith & Wesson", "S&W"],
        country: "US",
        models: &[
            m("M&P9", "9x19", "pistol"),
            m("686", ".357 Magnum", "revolver"),
            m("Model 10", ".38 Special", "revolver"),
        ],
        serial_formats: &["LLL9999", "LL99999"],
        weight: 6,
    },
    MakerSpec {
        names: &["Sig Sauer", "SIG"],
        country: "DE",
        models: &[
            m("P226", "9x19", "pistol"),
            m("P320", "9x19", "pistol"),
            m("SG 550", "5.56x45", "rifle"),
        ],
        serial_formats: &["99L999999", "LL999999"],
        weight: 5,
    },
    MakerSpec {
        names: &["Walther", "Carl Walther"],
        country: "DE",
        models: &[
            m("P99", "9x19", "pistol"),
            m("PPK", "7.65x17", "pistol"),
            m("P22", ".22 LR", "pistol"),
        ],
        serial_formats: &["999999L", "LL999999"],
        weight: 4,
    },
    MakerSpec {
        names: &["Makarov", "Izhevsk Mechanical Plant"],
        country: "RU",
        models: &[m("PM", "9x18", "pistol")],
        serial_formats: &["LL 9999", "19Y LL9999"],
        weight: 4,
    },
    MakerSpec {
        names: &["Tokarev", "Tula Arms Plant"],
        country: "RU",
        models: &[m("TT-33", "7.62x25", "pistol")],
        serial_formats: &["LL9999", "L99999"],
        weight: 3,
    },
    MakerSpec {
        names: &["Remington", "Remington Arms"],
        country: "US",
        models: &[
            m("870", "12 gauge", "shotgun"),
            m("700", ".308 Win", "rifle"),
        ],
        serial_formats: &["L999999M", "RS99999L"],
        weight: 4,
    },
    MakerSpec {
        names: &["Cugir", "Romarm"],
        country: "RO",
        models: &[m("PM md. 63", "7.62x39", "rifle")],
        serial_formats: &["19YLL9999", "LL-9999-Y"],
        weight: 3,
    },
];

/// Letters used in serials (I, O and Q are rare on weapons, but they occur: a few are kept).
const SERIAL_LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

/// A serial in a maker's format.
pub fn serial_in(format: &str, rng: &mut Rng) -> String {
    format
        .chars()
        .map(|c| match c {
            'L' => (*rng.pick(SERIAL_LETTERS) as char).to_string(),
            '9' => char::from(b'0' + rng.below(10) as u8).to_string(),
            'Y' => format!("{}", 60 + rng.below(40)),
            other => other.to_string(),
        })
        .collect()
}

/// One synthetic register record (the columns of `limes import firearms`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticFirearm {
    pub record_id: String,
    pub serial: String,
    pub make: String,
    pub model: String,
    pub calibre: String,
    pub firearm_type: String,
    pub country_of_manufacture: String,
    pub status: String,
    pub reported_by: String,
    /// YYYY-MM-DD.
    pub reported_on: String,
}

const STATUSES: [(&str, usize); 4] = [
    ("stolen", 55),
    ("lost", 25),
    ("trafficked", 12),
    ("smuggled", 8),
];
const REPORTERS: [&str; 8] = [
    "Utopia National Police",
    "Utopia Customs Service",
    "INTERPOL NCB Utopia",
    "Bundeskriminalamt",
    "Police nationale",
    "Polizia di Stato",
    "National Police of Ukraine",
    "Policia Nacional",
];

fn pick_weighted<'a>(rng: &mut Rng) -> &'a MakerSpec {
    let total: usize = MAKERS.iter().map(|m| m.weight).sum();
    let mut n = rng.below(total);
    for maker in MAKERS {
        if n < maker.weight {
            return maker;
        }
        n -= maker.weight;
    }
    &MAKERS[0]
}

/// `count` register records from `seed`, with ids `<prefix>-<n>` (serials may repeat across makers, as in life).
pub fn register(seed: u64, count: usize, id_prefix: &str) -> Vec<SyntheticFirearm> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|n| record(&mut rng, &format!("{id_prefix}-{n:07}")))
        .collect()
}

/// One register record.
pub fn record(rng: &mut Rng, record_id: &str) -> SyntheticFirearm {
    let maker = pick_weighted(rng);
    let model = rng.pick(maker.models);
    let status = {
        let mut n = rng.below(100);
        let mut chosen = STATUSES[0].0;
        for (s, w) in STATUSES {
            if n < w {
                chosen = s;
                break;
            }
            n -= w;
        }
        chosen
    };
    let year = 1995 + rng.below(31);
    let format = *rng.pick::<&str>(maker.serial_formats);
    SyntheticFirearm {
        record_id: record_id.to_string(),
        serial: serial_in(format, rng),
        make: (*rng.pick(maker.names)).to_string(),
        model: model.model.to_string(),
        calibre: model.calibre.to_string(),
        firearm_type: model.firearm_type.to_string(),
        country_of_manufacture: maker.country.to_string(),
        status: status.to_string(),
        reported_by: (*rng.pick(&REPORTERS)).to_string(),
        reported_on: format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
    }
}

/// How a serial was written down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// As registered.
    Exact,
    /// One or two characters written as their look-alike (0 as O, 1 as I or L, 5 as S, 8 as B, 2 as Z).
    Lookalike,
    /// With other separators, or a "No." / "S/N" before it.
    Separators,
    /// One character wrong, missing, doubled, or two swapped.
    Typo,
}

impl Variant {
    pub const ALL: [Variant; 4] = [
        Variant::Exact,
        Variant::Lookalike,
        Variant::Separators,
        Variant::Typo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Exact => "exact",
            Variant::Lookalike => "lookalike",
            Variant::Separators => "separators",
            Variant::Typo => "typo",
        }
    }
}

fn lookalike_of(c: char) -> Option<char> {
    match c {
        '0' => Some('O'),
        'O' => Some('0'),
        '1' => Some('I'),
        'I' => Some('1'),
        'L' => Some('1'),
        '5' => Some('S'),
        'S' => Some('5'),
        '8' => Some('B'),
        'B' => Some('8'),
        '2' => Some('Z'),
        'Z' => Some('2'),
        _ => None,
    }
}

/// A serial as an officer might write it (`variant`).
pub fn write_serial(serial: &str, variant: Variant, rng: &mut Rng) -> String {
    let chars: Vec<char> = serial.chars().collect();
    match variant {
        Variant::Exact => serial.to_string(),
        Variant::Lookalike => {
            let spots: Vec<usize> = (0..chars.len())
                .filter(|i| lookalike_of(chars[*i]).is_some())
                .collect();
            let mut out = chars.clone();
            if spots.is_empty() {
                return serial.to_lowercase();
            }
            let first = *rng.pick(&spots);
            out[first] = lookalike_of(out[first]).unwrap_or(out[first]);
            if spots.len() > 2 && rng.chance(30) {
                let second = *rng.pick(&spots);
                out[second] = lookalike_of(chars[second]).unwrap_or(out[second]);
            }
            out.into_iter().collect()
        }
        Variant::Separators => {
            let bare: String = chars.iter().filter(|c| c.is_alphanumeric()).collect();
            let mut out = String::new();
            match rng.below(4) {
                0 => out.push_str("No. "),
                1 => out.push_str("S/N "),
                _ => {}
            }
            let cut = 1 + rng.below(bare.len().saturating_sub(1).max(1));
            let sep = *rng.pick(&[" ", "-", ".", "/"]);
            for (i, c) in bare.chars().enumerate() {
                if i == cut {
                    out.push_str(sep);
                }
                out.push(c);
            }
            if rng.chance(50) {
                out.to_lowercase()
            } else {
                out
            }
        }
        Variant::Typo => {
            let mut out = chars.clone();
            let alnum: Vec<usize> = (0..out.len())
                .filter(|i| out[*i].is_alphanumeric())
                .collect();
            if alnum.is_empty() {
                return serial.to_string();
            }
            let i = *rng.pick(&alnum);
            match rng.below(4) {
                0 => {
                    let original = out[i];
                    let replacement = if original.is_ascii_digit() {
                        char::from(b'0' + ((original as u8 - b'0' + 1 + rng.below(8) as u8) % 10))
                    } else {
                        *rng.pick(&['A', 'C', 'E', 'H', 'K', 'M', 'N', 'R', 'T', 'X'])
                    };
                    out[i] = if replacement == original {
                        '7'
                    } else {
                        replacement
                    };
                }
                1 => {
                    out.remove(i);
                }
                2 => out.insert(i, out[i]),
                _ => {
                    // Two neighbours swapped (when they differ; else one dropped).
                    if out
                        .get(i + 1)
                        .is_some_and(|n| n.is_alphanumeric() && *n != out[i])
                    {
                        out.swap(i, i + 1);
                    } else {
                        out.remove(i);
                    }
                }
            }
            out.into_iter().collect()
        }
    }
}

/// The make as an officer might write it: any of its names, in any case.
pub fn write_make(make: &str, rng: &mut Rng) -> String {
    let key = crate::attributes::Make::read(make);
    let names = MAKERS
        .iter()
        .find(|m| {
            m.names
                .iter()
                .any(|n| crate::attributes::Make::read(n) == key)
        })
        .map(|m| m.names)
        .unwrap_or(&[]);
    let name = if names.is_empty() {
        make
    } else {
        rng.pick(names)
    };
    if rng.chance(30) {
        name.to_uppercase()
    } else {
        name.to_string()
    }
}

/// The model with its separators changed ("AK-47" → "AK47", "AK 47").
pub fn write_model(model: &str, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => model.chars().filter(|c| c.is_alphanumeric()).collect(),
        1 => model.replace('-', " "),
        _ => model.to_string(),
    }
}

/// The calibre under another of its names.
pub fn write_calibre(calibre: &str, rng: &mut Rng) -> String {
    let alternatives: &[&str] = match calibre {
        "7.62x39" => &["7,62 x 39 mm", "7.62×39", "7.62x39mm", ".30"],
        "9x19" => &["9 mm Parabellum", "9mm Luger", "9×19", "9mm"],
        "5.56x45" => &[".223 Rem", "5.56 NATO", "5,56 x 45"],
        ".45 ACP" => &["11.43×23", ".45 auto", "45 ACP"],
        "7.62x51" => &[".308 Win", "7.62 NATO", "7,62×51 mm"],
        "12 gauge" => &["12 ga", "12/70"],
        _ => &[],
    };
    if alternatives.is_empty() || rng.chance(30) {
        calibre.to_string()
    } else {
        (*rng.pick(alternatives)).to_string()
    }
}
