//! Photographs of seizures (concealments, X-ray images): the bytes are checked to be a JPEG, PNG or WebP image
//! (by their content, never their name), decoded within limits, turned upright by their orientation tag and
//! re-encoded in the same format, so that no metadata (EXIF, GPS, XMP, comments) survives; then hashed.
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// The largest side of an image taken in (pixels): beyond any camera or X-ray scanner.
const MAX_SIDE: u32 = 16_384;
/// The most memory a decode may take.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// Why a photograph is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoRefused {
    #[error("the photograph is empty")]
    Empty,
    #[error("the photograph is {size} bytes, more than the {max} allowed")]
    TooLarge { size: u64, max: u64 },
    #[error("not an image: only JPEG, PNG and WebP photographs are taken")]
    NotAnImage,
    #[error("the image cannot be read: {0}")]
    Unreadable(String),
}

/// A photograph ready to keep: metadata-free bytes, their type, size and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanPhoto {
    pub data: Vec<u8>,
    pub media_type: &'static str,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
}

fn unreadable(e: impl std::fmt::Display) -> PhotoRefused {
    PhotoRefused::Unreadable(e.to_string())
}

/// Check, strip and hash a photograph of at most `max_bytes`.
pub fn clean_photo(bytes: &[u8], max_bytes: u64) -> Result<CleanPhoto, PhotoRefused> {
    if bytes.is_empty() {
        return Err(PhotoRefused::Empty);
    }
    let size = bytes.len() as u64;
    if size > max_bytes {
        return Err(PhotoRefused::TooLarge {
            size,
            max: max_bytes,
        });
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoRefused::NotAnImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    img.apply_orientation(orientation);
    let (data, media_type) = encode(&img, format)?;
    Ok(CleanPhoto {
        sha256: hex::encode(Sha256::digest(&data)),
        width: img.width(),
        height: img.height(),
        data,
        media_type,
    })
}

/// Re-encode the pixels alone: JPEG at high quality (no alpha), PNG and WebP lossless.
fn encode(
    img: &DynamicImage,
    format: ImageFormat,
) -> Result<(Vec<u8>, &'static str), PhotoRefused> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
            rgb.write_with_encoder(encoder).map_err(unreadable)?;
            Ok((out, "image/jpeg"))
        }
        ImageFormat::Png => {
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            img.write_with_encoder(encoder).map_err(unreadable)?;
            Ok((out, "image/png"))
        }
        _ => {
            let rgba = DynamicImage::ImageRgba8(img.to_rgba8());
            let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            rgba.write_with_encoder(encoder).map_err(unreadable)?;
            Ok((out, "image/webp"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use limes_testkit::seizures_story::{jpeg, jpeg_with_gps_exif, GPS_LATITUDE_BYTES};

    #[test]
    fn gps_exif_does_not_survive() {
        let dirty = jpeg_with_gps_exif();
        let mut decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(&dirty)).unwrap();
        assert!(
            decoder.exif_metadata().unwrap().is_some(),
            "the test image carries EXIF"
        );
        let clean = clean_photo(&dirty, 1 << 20).unwrap();
        assert_eq!(clean.media_type, "image/jpeg");
        assert_eq!((clean.width, clean.height), (32, 24));
        let mut decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(&clean.data)).unwrap();
        assert_eq!(decoder.exif_metadata().unwrap(), None);
        assert!(!clean.data.windows(4).any(|w| w == b"Exif"));
        assert!(!clean
            .data
            .windows(GPS_LATITUDE_BYTES.len())
            .any(|w| w == GPS_LATITUDE_BYTES));
        assert!(dirty
            .windows(GPS_LATITUDE_BYTES.len())
            .any(|w| w == GPS_LATITUDE_BYTES));
        assert_eq!(clean.sha256, hex::encode(Sha256::digest(&clean.data)));
    }

    #[test]
    fn png_and_webp_come_back_in_their_format() {
        let img = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
            5,
            7,
            image::Rgba([1, 2, 3, 4]),
        ));
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let clean = clean_photo(&png, 1 << 20).unwrap();
        assert_eq!(
            (clean.media_type, clean.width, clean.height),
            ("image/png", 5, 7)
        );
        let mut webp = Vec::new();
        img.write_to(&mut Cursor::new(&mut webp), ImageFormat::WebP)
            .unwrap();
        assert_eq!(
            clean_photo(&webp, 1 << 20).unwrap().media_type,
            "image/webp"
        );
    }

    #[test]
    fn what_is_not_an_image_or_too_large_is_refused() {
        assert_eq!(
            clean_photo(b"%PDF-1.7 not a photo", 1 << 20),
            Err(PhotoRefused::NotAnImage)
        );
        assert_eq!(clean_photo(b"", 1 << 20), Err(PhotoRefused::Empty));
        let j = jpeg();
        assert!(matches!(
            clean_photo(&j, 10),
            Err(PhotoRefused::TooLarge { max: 10, .. })
        ));
        // A JPEG's signature over garbage is an image that cannot be read.
        assert!(matches!(
            clean_photo(&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], 1 << 20),
            Err(PhotoRefused::Unreadable(_))
        ));
    }
}
