//! The message catalogue of the user interface: one Fluent file per language, embedded in the binary (nothing is
//! read from disk at run time), and a lookup that never fails — a message missing in a language falls back to
//! English, then to its key.
//!
//! A new screen adds its strings to `locales/en.ftl` first, then to every other language; the test
//! `every_language_has_every_english_message` names what is missing.
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;
use unic_langid::LanguageIdentifier;

/// A value put into a message's placeable (`{ $name }`): text or a number (numbers select plural forms).
pub use fluent_bundle::FluentValue as Arg;

/// A value that can fill a placeable: text, or a number (numbers select plural forms). References to such
/// values are such values too, so templates can pass what they hold.
pub trait AsArg {
    fn as_arg(&self) -> Arg<'_>;
}

impl AsArg for str {
    fn as_arg(&self) -> Arg<'_> {
        Arg::from(self)
    }
}

impl AsArg for String {
    fn as_arg(&self) -> Arg<'_> {
        Arg::from(self.as_str())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl AsArg for $t {
            fn as_arg(&self) -> Arg<'_> {
                Arg::from(*self)
            }
        }
    )*};
}
number_args!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64);

impl<T: AsArg + ?Sized> AsArg for &T {
    fn as_arg(&self) -> Arg<'_> {
        (**self).as_arg()
    }
}

/// A language the user interface ships in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    English,
    French,
    Arabic,
    Russian,
}

impl Language {
    /// Every shipped language, English (the fallback) first.
    pub const ALL: [Language; 4] = [
        Language::English,
        Language::French,
        Language::Arabic,
        Language::Russian,
    ];

    /// The BCP 47 language tag, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
            Language::Arabic => "ar",
            Language::Russian => "ru",
        }
    }

    /// The writing direction, as in `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Language::Arabic => "rtl",
            _ => "ltr",
        }
    }

    /// The language's name in itself, for a language chooser.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::French => "Français",
            Language::Arabic => "العربية",
            Language::Russian => "Русский",
        }
    }

    /// The language of a BCP 47 tag ("fr", "fr-CA", "ar_MA", "RU"); None when it is not shipped or not a tag.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The best shipped language for an HTTP `Accept-Language` header, by quality; English when none fits.
    pub fn from_accept_language(header: &str) -> Language {
        let mut best: Option<(f32, Language)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            if quality <= 0.0 {
                continue;
            }
            if let Some(lang) = Language::from_tag(tag) {
                // The first of equal qualities wins, as the header lists preferences in order.
                if best.is_none_or(|(q, _)| quality > q) {
                    best = Some((quality, lang));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    fn index(self) -> usize {
        match self {
            Language::English => 0,
            Language::French => 1,
            Language::Arabic => 2,
            Language::Russian => 3,
        }
    }

    fn source(self) -> &'static str {
        match self {
            Language::English => include_str!("../locales/en.ftl"),
            Language::French => include_str!("../locales/fr.ftl"),
            Language::Arabic => include_str!("../locales/ar.ftl"),
            Language::Russian => include_str!("../locales/ru.ftl"),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of parsing a language tag that is not shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLanguage(pub String);

impl fmt::Display for UnknownLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown language '{}': choose one of {}",
            self.0,
            Language::ALL.map(Language::code).join(", ")
        )
    }
}

impl std::error::Error for UnknownLanguage {}

impl FromStr for Language {
    type Err = UnknownLanguage;
    fn from_str(s: &str) -> Result<Language, UnknownLanguage> {
        Language::from_tag(s).ok_or_else(|| UnknownLanguage(s.to_string()))
    }
}

type Bundle = FluentBundle<FluentResource>;

/// One bundle per language, built on first use from the embedded files.
static BUNDLES: LazyLock<Vec<Bundle>> =
    LazyLock::new(|| Language::ALL.into_iter().map(bundle).collect());

fn bundle(lang: Language) -> Bundle {
    let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks keep a Latin name or a number from reordering the Arabic sentence around it;
    // in left-to-right languages they would only be invisible noise in the page and in copied text.
    bundle.set_use_isolating(lang.dir() == "rtl");
    // A syntax error drops only the broken message (the tests catch it); the rest of the file still serves.
    let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(r, _)| r);
    // Duplicate ids keep the first definition; the tests catch them too.
    let _ = bundle.add_resource(resource);
    bundle
}

/// The message `key` in `lang` with its placeables filled from `args`; English when the language lacks it, the
/// key itself when English lacks it too. Never panics.
pub fn tr(lang: Language, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            a.set(*name, value.clone());
        }
        a
    });
    [lang, Language::English]
        .into_iter()
        .find_map(|l| format(l, key, fluent_args.as_ref()))
        .unwrap_or_else(|| key.to_string())
}

/// The message without placeables.
pub fn t(lang: Language, key: &str) -> String {
    tr(lang, key, &[])
}

/// Whether `lang`'s own file defines `key` (no fallback).
pub fn has(lang: Language, key: &str) -> bool {
    BUNDLES
        .get(lang.index())
        .is_some_and(|b| b.has_message(key))
}

fn format(lang: Language, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = BUNDLES.get(lang.index())?;
    let pattern = bundle.get_message(key)?.value()?;
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned(),
    )
}

/// The message keys a language's own file defines, in file order.
pub fn keys(lang: Language) -> Vec<&'static str> {
    message_ids(lang.source())
}

fn message_ids(source: &'static str) -> Vec<&'static str> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .body
        .into_iter()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::{BTreeMap, BTreeSet};

    /// The variables (`$name`) each message of a file uses, in every variant.
    fn variables(source: &'static str) -> BTreeMap<&'static str, BTreeSet<&'static str>> {
        fn pattern(p: &ast::Pattern<&'static str>, out: &mut BTreeSet<&'static str>) {
            for element in &p.elements {
                if let ast::PatternElement::Placeable { expression } = element {
                    expr(expression, out);
                }
            }
        }
        fn expr(e: &ast::Expression<&'static str>, out: &mut BTreeSet<&'static str>) {
            match e {
                ast::Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        pattern(&v.value, out);
                    }
                }
                ast::Expression::Inline(i) => inline(i, out),
            }
        }
        fn inline(i: &ast::InlineExpression<&'static str>, out: &mut BTreeSet<&'static str>) {
            match i {
                ast::InlineExpression::VariableReference { id } => {
                    out.insert(id.name);
                }
                ast::InlineExpression::FunctionReference { arguments, .. } => {
                    for a in &arguments.positional {
                        inline(a, out);
                    }
                }
                ast::InlineExpression::Placeable { expression } => expr(expression, out),
                _ => {}
            }
        }
        let resource = fluent_syntax::parser::parse(source).unwrap();
        let mut all = BTreeMap::new();
        for entry in &resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut out = BTreeSet::new();
                pattern(m.value.as_ref().unwrap(), &mut out);
                all.insert(m.id.name, out);
            }
        }
        all
    }

    #[test]
    fn every_file_parses_without_duplicates() {
        for lang in Language::ALL {
            if let Err((_, errors)) = fluent_syntax::parser::parse(lang.source()) {
                panic!("{lang}.ftl: {errors:?}");
            }
            let mut bundle = FluentBundle::new_concurrent(vec![]);
            let resource = FluentResource::try_new(lang.source().to_string()).unwrap();
            bundle
                .add_resource(resource)
                .unwrap_or_else(|e| panic!("{lang}.ftl: {e:?}"));
        }
    }

    #[test]
    fn every_language_has_every_english_message_with_its_placeables() {
        let english = keys(Language::English);
        assert!(english.len() > 100, "{} English messages", english.len());
        for lang in Language::ALL {
            let own: BTreeSet<_> = keys(lang).into_iter().collect();
            let missing: Vec<_> = english.iter().filter(|k| !own.contains(*k)).collect();
            assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
            let extra: Vec<_> = own.iter().filter(|k| !english.contains(k)).collect();
            assert!(
                extra.is_empty(),
                "{lang}.ftl has keys English lacks: {extra:?}"
            );
            let (own_vars, english_vars) = (
                variables(lang.source()),
                variables(Language::English.source()),
            );
            for key in &english {
                assert_eq!(
                    own_vars.get(key),
                    english_vars.get(key),
                    "{lang}.ftl: {key} must use the same placeables as English"
                );
            }
        }
    }

    #[test]
    fn every_message_formats_without_error() {
        for lang in Language::ALL {
            let bundle = &BUNDLES[lang.index()];
            for (key, vars) in variables(lang.source()) {
                // Several numbers, so every plural branch of every language is taken at least once.
                for n in [0, 1, 2, 3, 5, 11, 21, 101] {
                    let mut args = FluentArgs::new();
                    for var in &vars {
                        args.set(*var, n);
                    }
                    let pattern = bundle.get_message(key).unwrap().value().unwrap();
                    let mut errors = Vec::new();
                    let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                    assert!(errors.is_empty(), "{lang} {key}: {errors:?}");
                    assert!(!text.trim().is_empty(), "{lang} {key} is empty");
                }
            }
        }
    }

    #[test]
    fn lookups_fall_back_to_english_then_to_the_key() {
        assert_eq!(t(Language::English, "no-such-message"), "no-such-message");
        assert_eq!(t(Language::French, "nav-check"), "Contrôle");
        assert_eq!(
            tr(Language::English, "error-title", &[("status", 404.into())]),
            "Error 404"
        );
        // Arabic isolates the placeable so a Latin or numeric value keeps its place in the sentence.
        assert!(
            tr(Language::Arabic, "error-title", &[("status", 404.into())]).contains('\u{2068}')
        );
        // A missing argument shows its name rather than failing.
        assert!(t(Language::English, "error-title").contains("status"));
    }

    #[test]
    fn tags_and_headers_choose_a_shipped_language() {
        assert_eq!(Language::from_tag("fr-CA"), Some(Language::French));
        assert_eq!(Language::from_tag("AR_ma"), Some(Language::Arabic));
        assert_eq!(Language::from_tag("de"), None);
        assert_eq!("ru".parse::<Language>(), Ok(Language::Russian));
        assert!("xx"
            .parse::<Language>()
            .unwrap_err()
            .to_string()
            .contains("en, fr, ar, ru"));
        assert_eq!(
            Language::from_accept_language("de-DE,de;q=0.9,fr;q=0.8,ar;q=0.7"),
            Language::French
        );
        assert_eq!(
            Language::from_accept_language("ar;q=0.5, ru"),
            Language::Russian
        );
        assert_eq!(
            Language::from_accept_language("de, *;q=0.1"),
            Language::English
        );
        assert_eq!(Language::from_accept_language("fr;q=0"), Language::English);
        assert_eq!(Language::from_accept_language(""), Language::English);
        assert_eq!(Language::Arabic.dir(), "rtl");
        assert_eq!(Language::Russian.dir(), "ltr");
    }
}
