//! The world atlas embedded in the binary (`data/geo/countries-50m.json`, world-atlas 2, Natural Earth, ISC): served
//! as it is to the map page, and read once into land polygons to tell land from sea for the incident checks.
use limes_domain::surveillance::{polygon_contains, BBox, LonLat};
use serde::Deserialize;
use std::sync::OnceLock;

/// The TopoJSON of the world's countries at 1:50m, as the map page loads it.
pub const WORLD_ATLAS_TOPOJSON: &str = include_str!("../../../data/geo/countries-50m.json");

#[derive(Deserialize)]
struct Topology {
    transform: Transform,
    arcs: Vec<Vec<[i64; 2]>>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Objects {
    land: TopoGeometry,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum TopoGeometry {
    Polygon { arcs: Vec<Vec<i64>> },
    MultiPolygon { arcs: Vec<Vec<Vec<i64>>> },
    GeometryCollection { geometries: Vec<TopoGeometry> },
}

/// One land polygon with its box (a quick test before the ring test).
struct LandPolygon {
    bbox: BBox,
    rings: Vec<Vec<LonLat>>,
}

/// The atlas's land, decoded.
pub struct Land {
    polygons: Vec<LandPolygon>,
}

impl Land {
    /// Whether the position is on land (any country's).
    pub fn contains(&self, p: LonLat) -> bool {
        self.polygons
            .iter()
            .any(|poly| poly.bbox.contains(p) && polygon_contains(&poly.rings, p))
    }
}

/// Decode the quantised, delta-encoded arcs into positions.
fn decode_arcs(t: &Topology) -> Vec<Vec<LonLat>> {
    t.arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|d| {
                    x += d[0];
                    y += d[1];
                    [
                        x as f64 * t.transform.scale[0] + t.transform.translate[0],
                        y as f64 * t.transform.scale[1] + t.transform.translate[1],
                    ]
                })
                .collect()
        })
        .collect()
}

/// A ring from its arc indices (a negative index `i` is arc `!i` reversed); each arc after the first starts
/// where the previous ended, so its first position is dropped.
fn ring(arcs: &[Vec<LonLat>], indices: &[i64]) -> Vec<LonLat> {
    let mut out: Vec<LonLat> = Vec::new();
    for &i in indices {
        let (index, reversed) = if i < 0 { (!i, true) } else { (i, false) };
        let Some(arc) = usize::try_from(index).ok().and_then(|k| arcs.get(k)) else {
            continue;
        };
        let mut points = arc.clone();
        if reversed {
            points.reverse();
        }
        let skip = usize::from(!out.is_empty());
        out.extend(points.into_iter().skip(skip));
    }
    out
}

fn polygons(g: &TopoGeometry, arcs: &[Vec<LonLat>], out: &mut Vec<LandPolygon>) {
    let mut push = |rings_idx: &Vec<Vec<i64>>| {
        let rings: Vec<Vec<LonLat>> = rings_idx.iter().map(|r| ring(arcs, r)).collect();
        let bbox = BBox::around(rings.first().map(Vec::as_slice).unwrap_or(&[]));
        out.push(LandPolygon { bbox, rings });
    };
    match g {
        TopoGeometry::Polygon { arcs } => push(arcs),
        TopoGeometry::MultiPolygon { arcs } => arcs.iter().for_each(push),
        TopoGeometry::GeometryCollection { geometries } => {
            for g in geometries {
                polygons(g, arcs, out);
            }
        }
    }
}

fn decode(topojson: &str) -> Result<Land, serde_json::Error> {
    let t: Topology = serde_json::from_str(topojson)?;
    let arcs = decode_arcs(&t);
    let mut out = Vec::new();
    polygons(&t.objects.land, &arcs, &mut out);
    Ok(Land { polygons: out })
}

/// The embedded atlas's land, decoded on first use. Should the embedded file not read (it is checked by a test),
/// every position counts as land: no false "at sea" warnings.
pub fn land() -> Option<&'static Land> {
    static LAND: OnceLock<Option<Land>> = OnceLock::new();
    LAND.get_or_init(|| match decode(WORLD_ATLAS_TOPOJSON) {
        Ok(land) => Some(land),
        Err(e) => {
            tracing::error!(error = %e, "the embedded world atlas does not read");
            None
        }
    })
    .as_ref()
}

/// Whether a position is on land per the embedded atlas (true when the atlas is missing).
pub fn on_land(p: LonLat) -> bool {
    land().is_none_or(|l| l.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_atlas_tells_land_from_sea() {
        assert!(land().is_some(), "the embedded atlas reads");
        // Dresden, Warsaw, Prague: land.
        assert!(on_land([13.74, 51.05]));
        assert!(on_land([21.01, 52.23]));
        assert!(on_land([14.42, 50.09]));
        // The Baltic north of Rügen, the North Sea, the mid-Atlantic: sea.
        assert!(!on_land([14.0, 54.9]));
        assert!(!on_land([3.0, 55.0]));
        assert!(!on_land([-30.0, 30.0]));
    }
}
