//! Charts drawn on the server as inline SVG (no script, no library, works offline): a line per group over the
//! periods, flagged periods ringed in red, labels on the axes.
use std::fmt::Write;

/// One line of the chart: its name and one value per period.
pub struct Series {
    pub name: String,
    pub values: Vec<u64>,
}

/// The colours of the lines, in order (readable on white, distinguishable for the common colour blindnesses).
const COLOURS: [&str; 8] = [
    "#0b5fa5", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#444444",
];

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart of `series` over the periods `labels`; `flagged` holds (series index, period index) pairs drawn as
/// red rings. `title` is the SVG's accessible name.
pub fn line_chart(
    title: &str,
    labels: &[String],
    series: &[Series],
    flagged: &[(usize, usize)],
) -> String {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = labels.len().max(1);
    let step = (WIDTH - LEFT - RIGHT) / (n.saturating_sub(1).max(1)) as f64;
    let x = |i: usize| LEFT + step * i as f64;
    let y = |v: u64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - v as f64 / max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">"#,
        escape(title)
    );
    // Axes and four grid lines with their values.
    for k in 0..=4 {
        let v = (max * f64::from(k) / 4.0).round() as u64;
        let gy = y(v);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{gy:.1}" x2="{:.1}" y2="{gy:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{v}</text>"##,
            WIDTH - RIGHT,
            LEFT - 4.0,
            gy + 4.0
        );
    }
    // About ten period labels along the bottom.
    let every = (n / 10).max(1);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x(i),
            HEIGHT - BOTTOM + 16.0,
            escape(label)
        );
    }
    for (si, s) in series.iter().enumerate() {
        let colour = COLOURS[si % COLOURS.len()];
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="series" data-series="{}" fill="none" stroke="{colour}" stroke-width="2" points="{}"><title>{}</title></polyline>"#,
            escape(&s.name),
            points.join(" "),
            escape(&s.name)
        );
    }
    for (si, pi) in flagged {
        if let Some(v) = series.get(*si).and_then(|s| s.values.get(*pi)) {
            let _ = write!(
                svg,
                r##"<circle class="flagged" cx="{:.1}" cy="{:.1}" r="6" fill="none" stroke="#c00" stroke-width="2.5"><title>{} {}: {v}</title></circle>"##,
                x(*pi),
                y(*v),
                escape(series.get(*si).map_or("", |s| s.name.as_str())),
                escape(labels.get(*pi).map_or("", String::as_str))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The colour of the `i`th series, for the legend beside the chart.
pub fn colour(i: usize) -> &'static str {
    COLOURS[i % COLOURS.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_rings_and_escaped_names() {
        let labels: Vec<String> = ["2026-W01", "2026-W02", "2026-W03"]
            .map(String::from)
            .to_vec();
        let series = [
            Series {
                name: "North <land>".into(),
                values: vec![10, 20, 40],
            },
            Series {
                name: "Air".into(),
                values: vec![0, 0, 0],
            },
        ];
        let svg = line_chart("Crossings", &labels, &series, &[(0, 2)]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches(r#"class="flagged""#).count(), 1);
        assert!(svg.contains("North &lt;land&gt;") && !svg.contains("<land>"));
        // The highest value is at the top of the plot, zero at the bottom.
        assert!(svg.contains(&format!(
            "{:.1},{:.1}",
            LEFT + (WIDTH - LEFT - RIGHT) / 2.0 * 2.0,
            TOP
        )));
        assert!(svg.contains(&format!("{:.1},{:.1}", LEFT, HEIGHT - BOTTOM)));
    }

    #[test]
    fn an_empty_chart_is_still_a_chart() {
        let svg = line_chart("Nothing", &[], &[], &[]);
        assert!(svg.contains("<svg") && !svg.contains("<polyline"));
    }
}
