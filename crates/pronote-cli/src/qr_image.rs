//! Reading a QR code from a picture (a screenshot or a photo of the code
//! the PRONOTE web page shows), so that `login --qr-json photo.png` works.

use crate::error::{CliError, CliResult};

/// Whether the bytes look like a picture rather than JSON text.
pub(crate) fn is_picture(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// The text of the first QR code found in a PNG or JPEG picture.
pub(crate) fn decode(bytes: &[u8]) -> CliResult<String> {
    let picture = image::load_from_memory(bytes)
        .map_err(|e| CliError::Other(format!("the QR-code picture cannot be read: {e}")))?
        .to_luma8();
    let (width, height) = picture.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width as usize, height as usize, |x, y| {
            picture.get_pixel(x as u32, y as u32).0[0]
        });
    let grids = prepared.detect_grids();
    let grid = grids
        .first()
        .ok_or_else(|| CliError::Other("no QR code found in the picture".into()))?;
    let (_, text) = grid.decode().map_err(|e| {
        CliError::Other(format!("the QR code in the picture cannot be decoded: {e}"))
    })?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `text` as a QR-code PNG, 4 pixels a module, with a margin.
    fn png_of(text: &str) -> Vec<u8> {
        let code = qrcode::QrCode::new(text.as_bytes()).expect("encodable");
        let width = code.width();
        let scale = 4u32;
        let margin = 4u32;
        let side = (width as u32 + 2 * margin) * scale;
        let colors = code.to_colors();
        let picture = image::GrayImage::from_fn(side, side, |x, y| {
            let (mx, my) = (
                (x / scale) as i64 - margin as i64,
                (y / scale) as i64 - margin as i64,
            );
            let dark = mx >= 0
                && my >= 0
                && (mx as usize) < width
                && (my as usize) < width
                && colors[my as usize * width + mx as usize] == qrcode::Color::Dark;
            image::Luma([if dark { 0 } else { 255 }])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        picture
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("png");
        out.into_inner()
    }

    #[test]
    fn a_rendered_code_reads_back() {
        let json = r#"{"jeton":"ABCDEF0123","login":"0011","url":"https://x.fr/pronote/mobile.eleve.html"}"#;
        let png = png_of(json);
        assert!(is_picture(&png));
        assert_eq!(decode(&png).expect("decoded"), json);
        assert!(!is_picture(json.as_bytes()));
        assert!(decode(b"\x89PNG\r\n\x1a\nnot really").is_err());
    }
}
