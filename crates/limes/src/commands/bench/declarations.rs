//! `limes bench declarations`: goods declarations read and validated on one core: WCO DEC-DMS declarations of 20
//! goods items (the UK TT_IM001d sample with its items repeated) and a real CUSCAR of two consignments; the rate
//! and the p99 latency of each.
use super::measure::percentile;
use std::time::Instant;

const IM001D: &str = include_str!(
    "../../../../limes-customs/tests/fixtures/hmrc-customs-declarations_TT_IM001d.xml"
);
const CUSCAR: &[u8] = include_bytes!(
    "../../../../limes-customs/tests/fixtures/indice-EDI.Net_edifact.D95B.CUSCAR.EDI"
);

/// TT_IM001d with its goods items repeated to `items`, numbered 1…`items`, and the item count to match.
fn declaration_of(items: usize) -> anyhow::Result<String> {
    let open = "<GovernmentAgencyGoodsItem>";
    let close = "</GovernmentAgencyGoodsItem>";
    let first = IM001D
        .find(open)
        .ok_or_else(|| anyhow::anyhow!("the sample has no goods item"))?;
    let last_end = IM001D
        .rfind(close)
        .map(|i| i + close.len())
        .ok_or_else(|| anyhow::anyhow!("the sample has no goods item"))?;
    let item_end = IM001D[first..]
        .find(close)
        .map(|i| first + i + close.len())
        .ok_or_else(|| anyhow::anyhow!("the sample's first item is not closed"))?;
    let item = &IM001D[first..item_end];
    let mut out = String::with_capacity(IM001D.len() + item.len() * items);
    out.push_str(&IM001D[..first]);
    for n in 1..=items {
        out.push_str(&item.replacen(
            "<SequenceNumeric>1</SequenceNumeric>",
            &format!("<SequenceNumeric>{n}</SequenceNumeric>"),
            1,
        ));
        out.push('\n');
    }
    out.push_str(&IM001D[last_end..]);
    Ok(out.replace(
        "<GoodsItemQuantity>3</GoodsItemQuantity>",
        &format!("<GoodsItemQuantity>{items}</GoodsItemQuantity>"),
    ))
}

/// Runs `work` `count` times; returns the rate per second and the p99 latency in milliseconds.
fn measure(
    count: usize,
    mut work: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<(f64, f64)> {
    let mut latencies_ms = Vec::with_capacity(count);
    let started = Instant::now();
    for _ in 0..count {
        let one = Instant::now();
        work()?;
        latencies_ms.push(one.elapsed().as_secs_f64() * 1e3);
    }
    let secs = started.elapsed().as_secs_f64().max(f64::MIN_POSITIVE);
    latencies_ms.sort_by(f64::total_cmp);
    Ok((count as f64 / secs, percentile(&latencies_ms, 0.99)))
}

pub fn run(count: usize, items: usize) -> anyhow::Result<()> {
    let nomenclature = limes_customs::Nomenclature::embedded();
    let declaration = declaration_of(items)?;
    let check =
        limes_customs::wco::parse(declaration.as_bytes()).map_err(|e| anyhow::anyhow!("{e}"))?;
    anyhow::ensure!(
        check.first().map(|d| d.items.len()) == Some(items),
        "the benchmark declaration does not carry {items} items"
    );
    let (rate, p99) = measure(count, || {
        let all = limes_customs::wco::parse(declaration.as_bytes())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for d in &all {
            std::hint::black_box(limes_customs::validate(d, nomenclature));
        }
        Ok(())
    })?;
    println!(
        "declarations: WCO DEC-DMS of {items} items ({} bytes), parsed and validated on one core, {count} times",
        declaration.len()
    );
    println!("wco_per_s={rate:.0} wco_p99_ms={p99:.3}");
    let (rate, p99) = measure(count, || {
        let all =
            limes_customs::edifact::parse_cuscar(CUSCAR).map_err(|e| anyhow::anyhow!("{e}"))?;
        for d in &all {
            std::hint::black_box(limes_customs::validate(d, nomenclature));
        }
        Ok(())
    })?;
    println!("declarations: CUSCAR D95B of 2 consignments, 4 items, parsed and validated on one core, {count} times");
    println!("cuscar_per_s={rate:.0} cuscar_p99_ms={p99:.3}");
    Ok(())
}
