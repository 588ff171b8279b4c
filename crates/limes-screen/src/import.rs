//! List importers. Each reads a whole file or fails whole, naming the line and element of the first problem:
//! the list in force stays until a good file replaces it.
use crate::model::*;
use quick_xml::events::Event;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    pub line: Option<usize>,
    pub element: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(l) = self.line {
            write!(f, "line {l}")?;
            if self.element.is_some() {
                write!(f, ", ")?;
            }
        }
        if let Some(e) = &self.element {
            write!(f, "element {e}")?;
        }
        if self.line.is_some() || self.element.is_some() {
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}

/// Characters of one name field of a list file at most. Lists write several aliases into one field (the UN
/// list's longest, 324 characters, holds six names and their scripts), so the bound is well above a traveller's
/// (`sanitize::MAX_NAME_CHARS`); a field past it is a broken file or an attack on the engine, never a name.
pub const MAX_LIST_NAME_CHARS: usize = 1024;

/// A name field past `MAX_LIST_NAME_CHARS`: the import fails naming the line (and the element).
fn check_name_length(
    line: Option<usize>,
    element: Option<&str>,
    name: &str,
) -> Result<(), ImportError> {
    if name_too_long(name) {
        return Err(err(line, element, name_too_long_message()));
    }
    Ok(())
}

fn name_too_long(name: &str) -> bool {
    let max = MAX_LIST_NAME_CHARS;
    // At least as many bytes as characters: most names are decided without counting.
    name.len() > max && name.chars().count() > max
}

fn name_too_long_message() -> String {
    format!("a name is longer than {MAX_LIST_NAME_CHARS} characters")
}

fn err(line: Option<usize>, element: Option<&str>, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        element: element.map(str::to_string),
        message: message.into(),
    }
}

/// A small element tree: enough for list files, with the line each element starts on.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    line: usize,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
    }
    fn path(&self, parent: &str) -> String {
        format!("{parent}/{}", self.name)
    }
}

fn line_at(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Line numbers for increasing byte positions, counting each newline once (a list file has ~100,000 elements).
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.bytes.len());
        if pos < self.pos {
            return line_at(self.bytes, pos);
        }
        self.line += self.bytes[self.pos..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = pos;
        self.line
    }
}

fn parse_xml(bytes: &[u8]) -> Result<Node, ImportError> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Node> = vec![Node {
        name: "#document".into(),
        ..Default::default()
    }];
    let mut buf = Vec::new();
    let mut lines = LineCounter {
        bytes,
        pos: 0,
        line: 1,
    };
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            let at = reader.buffer_position() as usize;
            err(
                Some(line_at(bytes, at)),
                stack.last().map(|n| n.name.as_str()),
                format!("malformed XML: {e}"),
            )
        })?;
        // The line the event ends on (a tag is on one line): the position before the read lies before the
        // white space the reader skipped, on the line before.
        let line = lines.at(reader.buffer_position() as usize);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let attrs = e
                    .attributes()
                    .filter_map(Result::ok)
                    .map(|a| {
                        (
                            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                            a.unescape_value()
                                .map(|v| v.into_owned())
                                .unwrap_or_default(),
                        )
                    })
                    .collect();
                let node = Node {
                    name,
                    attrs,
                    line,
                    ..Default::default()
                };
                if is_empty {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(node);
                    }
                } else {
                    stack.push(node);
                }
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| {
                    err(
                        Some(line),
                        stack.last().map(|n| n.name.as_str()),
                        format!("bad text: {e}"),
                    )
                })?;
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(_) => {
                let node = stack
                    .pop()
                    .ok_or_else(|| err(Some(line), None, "closing tag without an opening one"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => {
                        return Err(err(
                            Some(line),
                            Some(&node.name),
                            "closing tag without an opening one",
                        ))
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if stack.len() != 1 {
        let open = stack.last().map(|n| n.name.clone()).unwrap_or_default();
        return Err(err(
            Some(line_at(bytes, bytes.len())),
            Some(&open),
            "the file ends before this element is closed (truncated?)",
        ));
    }
    stack.pop().ok_or_else(|| err(None, None, "empty document"))
}

fn resolve_countries<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        if let Some(code) = limes_countries::normalize_code(t) {
            if !out.iter().any(|c| c == code) {
                out.push(code.to_string());
            }
        }
    }
    out
}

/// The UN Security Council consolidated list (XML as published).
pub fn un_xml(bytes: &[u8]) -> Result<WatchList, ImportError> {
    let doc = parse_xml(bytes)?;
    let root = doc.child("CONSOLIDATED_LIST").ok_or_else(|| {
        err(
            Some(1),
            doc.children.first().map(|c| c.name.as_str()),
            "not a UN consolidated list: the root element must be CONSOLIDATED_LIST",
        )
    })?;
    let published = root
        .attrs
        .iter()
        .find(|(k, _)| k == "dateGenerated")
        .map(|(_, v)| v.chars().take(10).collect());
    let mut entries = Vec::new();
    if let Some(individuals) = root.child("INDIVIDUALS") {
        for ind in individuals.children("INDIVIDUAL") {
            entries.push(un_individual(ind)?);
        }
    }
    if let Some(entities) = root.child("ENTITIES") {
        for ent in entities.children("ENTITY") {
            entries.push(un_entity(ent)?);
        }
    }
    if entries.is_empty() {
        return Err(err(
            Some(root.line),
            Some("CONSOLIDATED_LIST"),
            "no INDIVIDUAL or ENTITY in the list",
        ));
    }
    Ok(WatchList {
        id: "un".into(),
        name: "UN Security Council Consolidated List".into(),
        source: "United Nations Security Council".into(),
        published,
        entries,
    })
}

fn reference(node: &Node) -> Result<String, ImportError> {
    node.text_of("REFERENCE_NUMBER").ok_or_else(|| {
        err(
            Some(node.line),
            Some(&node.path("CONSOLIDATED_LIST")),
            "REFERENCE_NUMBER is missing",
        )
    })
}

fn alias_quality(q: Option<String>) -> NameQuality {
    match q.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("low") => NameQuality::Weak,
        _ => NameQuality::Strong,
    }
}

fn un_individual(ind: &Node) -> Result<Entry, ImportError> {
    let entry_id = reference(ind)?;
    let primary: Vec<String> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|t| ind.text_of(t))
        .collect();
    if primary.is_empty() {
        return Err(err(
            Some(ind.line),
            Some("INDIVIDUAL/FIRST_NAME"),
            format!("{entry_id} has no name"),
        ));
    }
    let mut names = vec![EntryName {
        full: primary.join(" "),
        quality: NameQuality::Primary,
    }];
    for a in ind.children("INDIVIDUAL_ALIAS") {
        if let Some(n) = a.text_of("ALIAS_NAME") {
            names.push(EntryName {
                full: n,
                quality: alias_quality(a.text_of("QUALITY")),
            });
        }
    }
    if let Some(n) = ind.text_of("NAME_ORIGINAL_SCRIPT") {
        names.push(EntryName {
            full: n,
            quality: NameQuality::OriginalScript,
        });
    }
    for n in &names {
        check_name_length(Some(ind.line), Some("INDIVIDUAL"), &n.full)?;
    }
    let mut birth_dates = Vec::new();
    for d in ind.children("INDIVIDUAL_DATE_OF_BIRTH") {
        let from_to = (
            d.text_of("FROM_YEAR").and_then(|y| y.parse().ok()),
            d.text_of("TO_YEAR").and_then(|y| y.parse().ok()),
        );
        let parsed = if let (Some(a), Some(b)) = from_to {
            Some(BirthDate::YearRange(a, b))
        } else if let Some(date) = d.text_of("DATE") {
            BirthDate::parse(&date).or_else(|| date.get(..4).and_then(BirthDate::parse))
        } else {
            d.text_of("YEAR").and_then(|y| BirthDate::parse(&y))
        };
        match parsed {
            Some(bd) => birth_dates.push(bd),
            None if d.children.iter().any(|c| {
                matches!(c.name.as_str(), "DATE" | "YEAR") && !c.text.trim().is_empty()
            }) =>
            {
                return Err(err(
                    Some(d.line),
                    Some("INDIVIDUAL/INDIVIDUAL_DATE_OF_BIRTH"),
                    format!("{entry_id}: unreadable birth date"),
                ));
            }
            None => {}
        }
    }
    let birth_places = ind
        .children("INDIVIDUAL_PLACE_OF_BIRTH")
        .map(|p| {
            ["CITY", "STATE_PROVINCE", "COUNTRY"]
                .iter()
                .filter_map(|t| p.text_of(t))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|s| !s.is_empty())
        .collect();
    let nationality_texts: Vec<String> = ind
        .children("NATIONALITY")
        .flat_map(|n| n.children("VALUE"))
        .map(|v| v.text.trim().to_string())
        .collect();
    let documents = ind
        .children("INDIVIDUAL_DOCUMENT")
        .filter_map(|d| {
            let number = d.text_of("NUMBER")?;
            Some(EntryDocument {
                kind: d.text_of("TYPE_OF_DOCUMENT").unwrap_or_default(),
                number,
                country: d
                    .text_of("ISSUING_COUNTRY")
                    .or_else(|| d.text_of("COUNTRY_OF_ISSUE"))
                    .and_then(|c| limes_countries::normalize_code(&c).map(str::to_string)),
                note: d.text_of("NOTE"),
            })
        })
        .collect();
    Ok(Entry {
        entry_id,
        kind: EntryKind::Person,
        names,
        birth_dates,
        birth_places,
        nationalities: resolve_countries(nationality_texts.iter().map(String::as_str)),
        gender: ind.text_of("GENDER").and_then(|g| Gender::parse(&g)),
        documents,
        reason: ind.text_of("COMMENTS1").unwrap_or_default(),
        listed_on: ind.text_of("LISTED_ON"),
        program: ind.text_of("UN_LIST_TYPE"),
    })
}

fn un_entity(ent: &Node) -> Result<Entry, ImportError> {
    let entry_id = reference(ent)?;
    let name = ent.text_of("FIRST_NAME").ok_or_else(|| {
        err(
            Some(ent.line),
            Some("ENTITY/FIRST_NAME"),
            format!("{entry_id} has no name"),
        )
    })?;
    let mut names = vec![EntryName {
        full: name,
        quality: NameQuality::Primary,
    }];
    for a in ent.children("ENTITY_ALIAS") {
        if let Some(n) = a.text_of("ALIAS_NAME") {
            names.push(EntryName {
                full: n,
                quality: alias_quality(a.text_of("QUALITY")),
            });
        }
    }
    for n in &names {
        check_name_length(Some(ent.line), Some("ENTITY"), &n.full)?;
    }
    Ok(Entry {
        entry_id,
        kind: EntryKind::Entity,
        names,
        birth_dates: vec![],
        birth_places: vec![],
        nationalities: vec![],
        gender: None,
        documents: vec![],
        reason: ent.text_of("COMMENTS1").unwrap_or_default(),
        listed_on: ent.text_of("LISTED_ON"),
        program: ent.text_of("UN_LIST_TYPE"),
    })
}

/// Problems listed in an import error; past these the rest are only counted (a file of nothing but bad rows
/// must not fill the memory with messages).
pub const MAX_CSV_PROBLEMS: usize = 100;

/// The problems of a CSV file: the first [`MAX_CSV_PROBLEMS`] kept, the rest counted.
#[derive(Debug, Default)]
pub struct CsvProblems {
    shown: Vec<String>,
    total: usize,
}

impl CsvProblems {
    pub fn push(&mut self, problem: String) {
        self.total += 1;
        if self.shown.len() < MAX_CSV_PROBLEMS {
            self.shown.push(problem);
        }
    }
    pub fn total(&self) -> usize {
        self.total
    }
    pub fn shown(&self) -> &[String] {
        &self.shown
    }
    /// "3 problem(s)".
    pub fn counted(&self) -> String {
        format!("{} problem(s)", self.total)
    }
    /// The problems kept, and how many more there were.
    pub fn summary(&self) -> String {
        let more = self.total - self.shown.len();
        if more > 0 {
            format!("{} | … and {more} more", self.shown.join(" | "))
        } else {
            self.shown.join(" | ")
        }
    }
}

/// A CSV record (its raw bytes) with an odd number of quote characters has a quote that is not closed (or a
/// stray one): the reader would run the rest of the file into one field. Named by the record's first line.
pub fn unbalanced_quote(raw: &[u8], line: usize) -> Option<String> {
    let quotes = raw.iter().filter(|&&b| b == b'"').count();
    (quotes % 2 == 1).then(|| {
        format!("line {line}: a quote (\") is opened and not closed; close it or double it (\"\")")
    })
}

/// The Limes national-list CSV (FORMATS.md). Bad rows are all reported by line; nothing is returned then.
pub fn limes_csv(id: &str, name: &str, bytes: &[u8]) -> Result<WatchList, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| err(Some(1), None, format!("cannot read the header: {e}")))?
        .clone();
    let col = |n: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(n));
    let (Some(i_id), Some(i_name)) = (col("entry_id"), col("name")) else {
        return Err(err(
            Some(1),
            None,
            "the header needs at least the columns entry_id and name",
        ));
    };
    let opt = |n: &str| col(n);
    let (i_kind, i_aliases, i_dob, i_nat, i_gender, i_docs, i_reason, i_listed) = (
        opt("kind"),
        opt("aliases"),
        opt("birth_dates"),
        opt("nationalities"),
        opt("gender"),
        opt("documents"),
        opt("reason"),
        opt("listed_on"),
    );
    let mut entries = Vec::new();
    let mut problems = CsvProblems::default();
    let mut first_line_of: std::collections::HashMap<String, usize> = Default::default();
    let mut rec = csv::StringRecord::new();
    loop {
        let before = reader.position().clone();
        match reader.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // An unclosed quote runs the rest of the file into one field: say so rather than what followed.
                let line = usize::try_from(before.line()).unwrap_or(usize::MAX);
                let begin = usize::try_from(before.byte()).unwrap_or(0);
                let end = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
                problems.push(
                    unbalanced_quote(bytes.get(begin..end).unwrap_or(&[]), line)
                        .unwrap_or_else(|| format!("line {line}: {e}")),
                );
                continue;
            }
        }
        // Where the record starts (past any blank lines) and where the next one does.
        let start = rec.position().unwrap_or(&before);
        let line = usize::try_from(start.line()).unwrap_or(usize::MAX);
        let end = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
        let begin = usize::try_from(start.byte()).unwrap_or(0);
        if let Some(problem) = unbalanced_quote(bytes.get(begin..end).unwrap_or(&[]), line) {
            problems.push(problem);
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim();
        let list = |i: Option<usize>| {
            get(i)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let entry_id = get(Some(i_id)).to_string();
        let primary = get(Some(i_name)).to_string();
        if entry_id.is_empty() || primary.is_empty() {
            problems.push(format!("line {line}: entry_id and name are required"));
            continue;
        }
        if let Some(first) = first_line_of.get(&entry_id) {
            problems.push(format!(
                "line {line}: entry_id '{entry_id}' is already on line {first}"
            ));
            continue;
        }
        first_line_of.insert(entry_id.clone(), line);
        if name_too_long(&primary) || list(i_aliases).iter().any(|a| name_too_long(a)) {
            problems.push(format!("line {line}: {}", name_too_long_message()));
            continue;
        }
        let mut birth_dates = Vec::new();
        for d in list(i_dob) {
            match BirthDate::parse(&d) {
                Some(b) => birth_dates.push(b),
                None => problems.push(format!(
                    "line {line}: birth date '{d}' is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY..YYYY"
                )),
            }
        }
        let mut nationalities = Vec::new();
        for c in list(i_nat) {
            match limes_countries::normalize_code(&c) {
                Some(code) => nationalities.push(code.to_string()),
                None => problems.push(format!(
                    "line {line}: nationality '{c}' is not a known country"
                )),
            }
        }
        let mut documents = Vec::new();
        for d in list(i_docs) {
            let parts: Vec<&str> = d.split(':').collect();
            match parts.as_slice() {
                [kind, number, rest @ ..] if !number.trim().is_empty() => {
                    documents.push(EntryDocument {
                        kind: kind.trim().to_string(),
                        number: number.trim().to_string(),
                        country: rest
                            .first()
                            .and_then(|c| limes_countries::normalize_code(c).map(str::to_string)),
                        note: None,
                    })
                }
                _ => problems.push(format!(
                    "line {line}: document '{d}' is not type:number[:country]"
                )),
            }
        }
        let kind = match get(i_kind).to_ascii_lowercase().as_str() {
            "" | "person" | "individual" => EntryKind::Person,
            "entity" | "organisation" | "organization" => EntryKind::Entity,
            "vessel" => EntryKind::Vessel,
            "aircraft" => EntryKind::Aircraft,
            other => {
                problems.push(format!(
                    "line {line}: kind '{other}' is not person, entity, vessel or aircraft"
                ));
                EntryKind::Unknown
            }
        };
        let mut names = vec![EntryName {
            full: primary,
            quality: NameQuality::Primary,
        }];
        names.extend(list(i_aliases).into_iter().map(|a| EntryName {
            full: a,
            quality: NameQuality::Strong,
        }));
        if problems.total() > 0 {
            // Nothing will be imported: hold no more of the file than the problems found.
            entries.clear();
            continue;
        }
        entries.push(Entry {
            entry_id,
            kind,
            names,
            birth_dates,
            birth_places: vec![],
            nationalities,
            gender: Some(get(i_gender))
                .filter(|g| !g.is_empty())
                .and_then(Gender::parse),
            documents,
            reason: get(i_reason).to_string(),
            listed_on: Some(get(i_listed).to_string()).filter(|s| !s.is_empty()),
            program: None,
        });
    }
    if problems.total() > 0 {
        return Err(err(
            None,
            None,
            format!(
                "{}; nothing imported: {}",
                problems.counted(),
                problems.summary()
            ),
        ));
    }
    if entries.is_empty() {
        return Err(err(Some(2), None, "no entries after the header"));
    }
    Ok(WatchList {
        id: id.to_string(),
        name: name.to_string(),
        source: "national list (Limes CSV)".into(),
        published: None,
        entries,
    })
}

/// The Limes JSON list: the [`WatchList`] structure itself.
pub fn limes_json(bytes: &[u8]) -> Result<WatchList, ImportError> {
    let list: WatchList = serde_json::from_slice(bytes).map_err(|e| {
        err(
            Some(e.line()),
            None,
            format!("not a Limes JSON watchlist: {e}"),
        )
    })?;
    for (i, e) in list.entries.iter().enumerate() {
        if e.entry_id.trim().is_empty() || e.names.is_empty() {
            return Err(err(
                None,
                Some(&format!("entries[{i}]")),
                "every entry needs an entry_id and at least one name",
            ));
        }
        for n in &e.names {
            check_name_length(None, Some(&format!("entries[{i}]")), &n.full)?;
        }
    }
    Ok(list)
}

/// Load a list file, telling its format from its content.
pub fn detect_and_load(path: &Path) -> Result<WatchList, ImportError> {
    let bytes = std::fs::read(path)
        .map_err(|e| err(None, None, format!("cannot read {}: {e}", path.display())))?;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_string();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if head.starts_with('<') {
        un_xml(&bytes)
    } else if head.starts_with("Last Updated")
        || head.lines().next().is_some_and(|l| l.contains("Group ID"))
    {
        uk_hmt_csv(&bytes)
    } else if file_name.contains("sdn")
        || head.split(',').nth(1).is_some_and(|f| f.starts_with('"')) && head.contains("-0-")
    {
        // OFAC's main file; its -alt and -add files, when beside it, are read with it.
        let sibling = |suffix: &str| {
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            let ext = path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default();
            std::fs::read(path.with_file_name(format!("{stem}-{suffix}{ext}"))).ok()
        };
        let (alt, add) = (sibling("alt"), sibling("add"));
        ofac_csv(&bytes, alt.as_deref(), add.as_deref())
    } else if head.starts_with('{') {
        limes_json(&bytes)
    } else if head.to_ascii_lowercase().starts_with("entry_id") {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_else(|| "national".into());
        limes_csv(&id, &id, &bytes)
    } else {
        Err(err(
            Some(1),
            None,
            format!(
                "cannot tell the list format of {} (UN consolidated XML, Limes CSV or JSON)",
                path.display()
            ),
        ))
    }
}

/// Decode a list file: UTF-8 when it is, else Latin-1 (the 2014 UK list and older OFAC files are Latin-1).
/// A trailing MS-DOS end-of-file byte (0x1A), as OFAC's files have, is dropped.
fn decode(bytes: &[u8]) -> String {
    let text: String = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    text.trim_end_matches(|c: char| c == '\u{1a}' || c.is_whitespace())
        .to_string()
}

fn month_number(m: &str) -> Option<u32> {
    let m = m.get(..3)?.to_ascii_lowercase();
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|x| *x == m)
    .map(|i| i as u32 + 1)
}

/// OFAC's birth dates: "10 Dec 1948", "Dec 1948", "1948", "circa 1955", "1955 to 1957".
fn ofac_date(text: &str) -> Option<BirthDate> {
    let t = text.trim().trim_start_matches("circa").trim();
    if let Some((a, b)) = t.split_once(" to ") {
        let (a, b) = (
            a.trim().rsplit(' ').next()?.parse().ok()?,
            b.trim().rsplit(' ').next()?.parse().ok()?,
        );
        return Some(BirthDate::YearRange(a, b));
    }
    let parts: Vec<&str> = t.split_whitespace().collect();
    match parts.as_slice() {
        [y] => Some(BirthDate::Year(y.parse().ok()?)),
        [m, y] => Some(BirthDate::YearMonth(y.parse().ok()?, month_number(m)?)),
        [d, m, y] => {
            let date = chrono::NaiveDate::from_ymd_opt(
                y.parse().ok()?,
                month_number(m)?,
                d.parse().ok()?,
            )?;
            Some(BirthDate::Exact(date))
        }
        _ => None,
    }
}

/// "SURNAME, Given" as OFAC writes people: given names first, as they are spoken.
fn ofac_person_name(raw: &str) -> String {
    match raw.split_once(", ") {
        Some((surname, given)) => format!("{} {}", given.trim(), surname.trim()),
        None => raw.trim().to_string(),
    }
}

fn ofac_field(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t != "-0-").then(|| t.to_string())
}

/// The OFAC SDN list in its legacy CSV layout: the main file, and optionally the alternate-names file (`-alt`) and
/// the addresses file (`-add`, read for completeness of the check; addresses are not used for screening).
pub fn ofac_csv(
    main: &[u8],
    alt: Option<&[u8]>,
    add: Option<&[u8]>,
) -> Result<WatchList, ImportError> {
    let text = decode(main);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut entries: Vec<Entry> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, rec) in reader.records().enumerate() {
        let line = n + 1;
        let rec = rec.map_err(|e| err(Some(line), None, format!("bad CSV: {e}")))?;
        let get = |i: usize| rec.get(i).and_then(ofac_field);
        let Some(id) = get(0) else {
            if rec
                .iter()
                .all(|f| f.trim().is_empty() || f.trim() == "\u{1a}")
            {
                continue;
            }
            return Err(err(Some(line), None, "ent_num is missing"));
        };
        if id.parse::<u64>().is_err() {
            return Err(err(
                Some(line),
                None,
                format!("ent_num '{id}' is not a number"),
            ));
        }
        let name =
            get(1).ok_or_else(|| err(Some(line), None, format!("entry {id} has no name")))?;
        check_name_length(Some(line), None, &name)?;
        let kind = match get(2).as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("individual") => EntryKind::Person,
            Some("vessel") => EntryKind::Vessel,
            Some("aircraft") => EntryKind::Aircraft,
            _ => EntryKind::Entity,
        };
        let remarks = get(11).unwrap_or_default();
        let mut birth_dates = Vec::new();
        let mut nationalities = Vec::new();
        let mut documents = Vec::new();
        let mut birth_places = Vec::new();
        let mut gender = None;
        for part in remarks.trim_end_matches('.').split(';') {
            let p = part.trim().trim_start_matches("alt. ").trim();
            if let Some(d) = p.strip_prefix("DOB ") {
                if let Some(bd) = ofac_date(d) {
                    birth_dates.push(bd);
                }
            } else if let Some(place) = p.strip_prefix("POB ") {
                birth_places.push(place.to_string());
            } else if let Some(c) = p
                .strip_prefix("nationality ")
                .or_else(|| p.strip_prefix("citizen "))
            {
                if let Some(code) = limes_countries::normalize_code(c) {
                    nationalities.push(code.to_string());
                }
            } else if let Some(g) = p.strip_prefix("Gender ") {
                gender = Gender::parse(g);
            } else if let Some(rest) = p
                .strip_prefix("Passport ")
                .or_else(|| p.strip_prefix("National ID No. "))
            {
                let (number, country) = match rest.split_once(" (") {
                    Some((num, c)) => (
                        num.trim(),
                        limes_countries::normalize_code(c.trim_end_matches(')'))
                            .map(str::to_string),
                    ),
                    None => (rest.trim(), None),
                };
                let kind = if p.starts_with("Passport") {
                    "passport"
                } else {
                    "national id"
                };
                documents.push(EntryDocument {
                    kind: kind.into(),
                    number: number.to_string(),
                    country,
                    note: None,
                });
            }
        }
        let full = if kind == EntryKind::Person {
            ofac_person_name(&name)
        } else {
            name
        };
        index.insert(id.clone(), entries.len());
        entries.push(Entry {
            entry_id: id,
            kind,
            names: vec![EntryName {
                full,
                quality: NameQuality::Primary,
            }],
            birth_dates,
            birth_places,
            nationalities,
            gender,
            documents,
            reason: remarks,
            listed_on: None,
            program: get(3),
        });
    }
    if let Some(alt) = alt {
        let text = decode(alt);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for (n, rec) in reader.records().enumerate() {
            let line = n + 1;
            let rec = rec.map_err(|e| err(Some(line), Some("alt"), format!("bad CSV: {e}")))?;
            let get = |i: usize| rec.get(i).and_then(ofac_field);
            // The file ends with an MS-DOS end-of-file byte (0x1A) on a line of its own.
            let Some(id) = get(0).filter(|s| s != "\u{1a}") else {
                continue;
            };
            let Some(&at) = index.get(&id) else {
                return Err(err(
                    Some(line),
                    Some("alt"),
                    format!("alternate name for unknown entry {id}"),
                ));
            };
            let Some(alt_name) = get(3) else { continue };
            check_name_length(Some(line), Some("alt"), &alt_name)?;
            // "aka", "fka" (formerly) and "nka" (now known as) are all names the person travels under.
            let quality = NameQuality::Strong;
            if let Some(e) = entries.get_mut(at) {
                let full = if e.kind == EntryKind::Person {
                    ofac_person_name(&alt_name)
                } else {
                    alt_name
                };
                e.names.push(EntryName { full, quality });
            }
        }
    }
    if let Some(add) = add {
        // Validate the addresses file so a broken set is not half-used; its content is not needed for screening.
        let text = decode(add);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for (n, rec) in reader.records().enumerate() {
            rec.map_err(|e| err(Some(n + 1), Some("add"), format!("bad CSV: {e}")))?;
        }
    }
    if entries.is_empty() {
        return Err(err(Some(1), None, "no entries"));
    }
    Ok(WatchList {
        id: "ofac".into(),
        name: "OFAC Specially Designated Nationals".into(),
        source: "US Treasury OFAC".into(),
        published: None,
        entries,
    })
}

/// UK HMT dates: dd/mm/yyyy with 00 for unknown parts.
fn uk_date(s: &str) -> Option<BirthDate> {
    let parts: Vec<&str> = s.trim().split('/').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let (d, m, y): (u32, u32, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    match (d, m) {
        (0, 0) => Some(BirthDate::Year(y)),
        (0, m) => Some(BirthDate::YearMonth(y, m)),
        (d, m) => chrono::NaiveDate::from_ymd_opt(y, m, d).map(BirthDate::Exact),
    }
}

/// "(1) Syrian (2) Iraqi" → ["Syrian", "Iraqi"].
fn numbered_list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split('(') {
        let p = part
            .split_once(')')
            .map(|(_, rest)| rest)
            .unwrap_or(part)
            .trim()
            .trim_end_matches(['.', ',']);
        if !p.is_empty() {
            out.push(p.to_string());
        }
    }
    out
}

/// The UK HM Treasury consolidated list, 2014 CSV layout: one row per name, rows grouped by Group ID.
pub fn uk_hmt_csv(bytes: &[u8]) -> Result<WatchList, ImportError> {
    let text = decode(bytes);
    let mut lines = text.splitn(2, '\n');
    let first = lines.next().unwrap_or("");
    let published = first
        .strip_prefix("Last Updated,")
        .map(|d| d.trim().to_string());
    let body = if published.is_some() {
        lines.next().unwrap_or("")
    } else {
        text.as_str()
    };
    let offset = usize::from(published.is_some());
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(body.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            err(
                Some(1 + offset),
                None,
                format!("cannot read the header: {e}"),
            )
        })?
        .clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(n))
    };
    let need = |n: &str| {
        col(n).ok_or_else(|| {
            err(
                Some(1 + offset),
                None,
                format!("the header lacks the column '{n}'"),
            )
        })
    };
    let (i_surname, i_group, i_type, i_alias) = (
        need("Name 6")?,
        need("Group ID")?,
        need("Group Type")?,
        need("Alias Type")?,
    );
    let given: Vec<usize> = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"]
        .iter()
        .filter_map(|n| col(n))
        .collect();
    let (i_dob, i_nat, i_passport, i_regime, i_listed, i_info) = (
        col("DOB"),
        col("Nationality"),
        col("Passport Details"),
        col("Regime"),
        col("Listed On"),
        col("Other Information"),
    );
    let mut entries: Vec<Entry> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, rec) in reader.records().enumerate() {
        let line = n + 2 + offset;
        let rec = rec.map_err(|e| err(Some(line), None, format!("bad CSV: {e}")))?;
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).map(str::trim).unwrap_or("");
        let group = get(Some(i_group)).to_string();
        if group.is_empty() {
            return Err(err(Some(line), None, "Group ID is missing"));
        }
        let surname = get(Some(i_surname));
        let given_names: Vec<&str> = given
            .iter()
            .map(|&i| get(Some(i)))
            .filter(|s| !s.is_empty())
            .collect();
        let full = if given_names.is_empty() {
            surname.to_string()
        } else {
            format!("{} {surname}", given_names.join(" "))
        };
        if full.trim().is_empty() {
            return Err(err(
                Some(line),
                None,
                format!("group {group}: the row has no name"),
            ));
        }
        check_name_length(Some(line), None, &full)?;
        let quality = match get(Some(i_alias)).to_ascii_lowercase().as_str() {
            "prime alias" => NameQuality::Primary,
            a if a.contains("low quality") => NameQuality::Weak,
            _ => NameQuality::Strong,
        };
        let at = *index.entry(group.clone()).or_insert_with(|| {
            entries.push(Entry {
                entry_id: group.clone(),
                kind: if get(Some(i_type)).eq_ignore_ascii_case("individual") {
                    EntryKind::Person
                } else {
                    EntryKind::Entity
                },
                names: Vec::new(),
                birth_dates: Vec::new(),
                birth_places: Vec::new(),
                nationalities: Vec::new(),
                gender: None,
                documents: Vec::new(),
                reason: get(i_info).to_string(),
                listed_on: Some(get(i_listed).to_string()).filter(|s| !s.is_empty()),
                program: Some(get(i_regime).to_string()).filter(|s| !s.is_empty()),
            });
            entries.len() - 1
        });
        let Some(e) = entries.get_mut(at) else {
            continue;
        };
        if !e.names.iter().any(|x| x.full == full) {
            e.names.push(EntryName { full, quality });
        }
        if let Some(bd) = uk_date(get(i_dob)) {
            if !e.birth_dates.contains(&bd) {
                e.birth_dates.push(bd);
            }
        }
        for nat in numbered_list(get(i_nat)) {
            if let Some(code) = limes_countries::normalize_code(&nat) {
                if !e.nationalities.iter().any(|c| c == code) {
                    e.nationalities.push(code.to_string());
                }
            }
        }
        let passport = get(i_passport);
        if !passport.is_empty() && !e.documents.iter().any(|d| d.number == passport) {
            let number = passport
                .split([' ', ',', '('])
                .next()
                .unwrap_or(passport)
                .to_string();
            e.documents.push(EntryDocument {
                kind: "passport".into(),
                number,
                country: None,
                note: Some(passport.to_string()),
            });
        }
    }
    for e in &mut entries {
        // A group whose rows are all aliases still needs a primary name for display.
        if !e.names.iter().any(|n| n.quality == NameQuality::Primary) {
            if let Some(first) = e.names.first_mut() {
                first.quality = NameQuality::Primary;
            }
        }
    }
    if entries.is_empty() {
        return Err(err(Some(2 + offset), None, "no rows after the header"));
    }
    Ok(WatchList {
        id: "uk-hmt".into(),
        name: "UK HM Treasury Consolidated List".into(),
        source: "HM Treasury".into(),
        published,
        entries,
    })
}
