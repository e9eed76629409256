//! Raw deflate and inflate (no zlib header), with one compressor and one
//! decompressor kept per thread.
//!
//! The backend is `flate2` over `zlib-rs` (zlib's algorithms in Rust):
//! on the requests' hex text it deflates in about half the time of
//! `miniz_oxide` and inflates in about half too (`benches/RESULTS.md`).
//! A compressor holds a few hundred KB of tables: building one per
//! payload cost more than compressing a typical payload. The state is
//! reset before every use, so nothing of one payload reaches the next.
//!
//! Two levels: [`deflate`] writes level 6 (zlib's default, what PRONOTE
//! and pronotepy write); the requests' hex text is written at
//! [`REQUEST_LEVEL`], which on real-sized requests comes within 4 % of
//! level 6's size in under 90 % of its time, where level 1 (zlib's quick
//! strategy, fixed Huffman codes) writes 60 % more bytes. Every level is
//! valid deflate to the reader.
//!
//! A request whose JSON is at most [`STORED_UP_TO`] bytes (most reads:
//! a week number, a period, a date range) is not compressed at all: its
//! hex text goes out in *stored* blocks, deflate's uncompressed block
//! type (RFC 1951, 3.2.4), which every inflater reads. Compressing it
//! would save a few hundred bytes of a body that fits in one TCP segment
//! either way, and would cost more than the rest of the request's
//! encoding: zlib-rs clears its 128 KB hash table at every reset
//! (`benches/RESULTS.md`, "Requests in stored blocks").

use std::cell::RefCell;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::budget::Limits;
use crate::error::DecodeError;

/// The level of [`deflate`]: zlib's default.
const DEFAULT_LEVEL: u32 = 6;

/// The level at which a request's hex text is deflated.
pub(crate) const REQUEST_LEVEL: u32 = 2;

/// The largest request (in bytes of JSON, half its hex text) written in
/// stored blocks rather than deflated: its body stays under 1.5 KB, one
/// TCP segment, either way.
pub(crate) const STORED_UP_TO: usize = 256;

/// The most request bytes one stored block holds: their hex text is at
/// most `u16::MAX` bytes, the most a block's length can say.
const STORED_PIECE: usize = u16::MAX as usize / 2;

type Slot = RefCell<Option<Compress>>;

thread_local! {
    static COMPRESSOR: Slot = const { RefCell::new(None) };
    static REQUEST_COMPRESSOR: Slot = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<Decompress>> = const { RefCell::new(None) };
}

fn new_compressor(level: u32) -> Compress {
    Compress::new(Compression::new(level), false)
}

/// Runs `f` with this thread's compressor of `level` (kept in `slot`),
/// reset.
fn with_compressor<R>(
    slot: &'static std::thread::LocalKey<Slot>,
    level: u32,
    f: impl FnOnce(&mut Compress) -> R,
) -> R {
    slot.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            let c = slot.get_or_insert_with(|| new_compressor(level));
            c.reset();
            f(c)
        }
        // Only a re-entrant call gets here: it uses a compressor of its own.
        Err(_) => f(&mut new_compressor(level)),
    })
}

/// Runs `f` with this thread's decompressor, reset.
fn with_decompressor<R>(f: impl FnOnce(&mut Decompress) -> R) -> R {
    DECOMPRESSOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            let d = slot.get_or_insert_with(|| Decompress::new(false));
            d.reset(false);
            f(d)
        }
        Err(_) => f(&mut Decompress::new(false)),
    })
}

/// Makes room for more output.
fn grow(out: &mut Vec<u8>) {
    if out.len() == out.capacity() {
        out.reserve(out.capacity().max(256));
    }
}

/// Feeds `input` to the compressor (no flush).
fn feed(c: &mut Compress, mut input: &[u8], out: &mut Vec<u8>) {
    while !input.is_empty() {
        grow(out);
        let before = c.total_in();
        if c.compress_vec(input, out, FlushCompress::None).is_err() {
            return;
        }
        let consumed = usize::try_from(c.total_in() - before).unwrap_or(input.len());
        input = &input[consumed.min(input.len())..];
    }
}

/// Ends the stream.
fn finish(c: &mut Compress, out: &mut Vec<u8>) {
    loop {
        grow(out);
        match c.compress_vec(&[], out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// Raw deflate (level 6, no zlib header).
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    with_compressor(&COMPRESSOR, DEFAULT_LEVEL, |c| {
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        feed(c, bytes, &mut out);
        finish(c, &mut out);
        out
    })
}

/// Raw deflate (no zlib header) of the lowercase hex text of `bytes`:
/// stored blocks up to [`STORED_UP_TO`] bytes, [`REQUEST_LEVEL`] above,
/// without materialising the hex text.
pub(crate) fn deflate_hex_text(bytes: &[u8]) -> Vec<u8> {
    if bytes.len() <= STORED_UP_TO {
        stored_hex_text(bytes)
    } else {
        compressed_hex_text(bytes)
    }
}

/// The lowercase hex text of `bytes` as a raw deflate stream of stored
/// blocks: each is a header byte (`BFINAL` on the last, block type 0,
/// padding to the byte), its length and the length's complement (`u16`,
/// little-endian), then the bytes as they are. The cheapest deflate any
/// inflater reads: what a request's data becomes when it is not
/// compressed (a request of at most 256 bytes of JSON).
///
/// ```
/// use pronote_proto::payload::{self, Limits};
/// let stream = payload::stored_hex_text(b"{}");
/// assert_eq!(payload::inflate(&stream, Limits::default())?, b"7b7d");
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn stored_hex_text(bytes: &[u8]) -> Vec<u8> {
    let blocks = bytes.len().div_ceil(STORED_PIECE).max(1);
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(2) + 5 * blocks);
    let mut pieces = bytes.chunks(STORED_PIECE).peekable();
    if pieces.peek().is_none() {
        // The empty stream: one final, empty block.
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
        return out;
    }
    while let Some(piece) = pieces.next() {
        let last = pieces.peek().is_none();
        // A piece's hex text fits a u16 by construction (STORED_PIECE).
        let len = u16::try_from(piece.len() * 2).unwrap_or(u16::MAX);
        out.push(u8::from(last));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        let start = out.len();
        out.resize(start + usize::from(len), 0);
        // Both lengths match by construction, so this cannot fail.
        let _ = faster_hex::hex_encode(piece, &mut out[start..]);
    }
    out
}

/// [`deflate_hex_text`] above [`STORED_UP_TO`]: deflate at
/// [`REQUEST_LEVEL`].
fn compressed_hex_text(bytes: &[u8]) -> Vec<u8> {
    with_compressor(&REQUEST_COMPRESSOR, REQUEST_LEVEL, |c| {
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        let mut chunk = [0u8; 8192];
        for piece in bytes.chunks(chunk.len() / 2) {
            let text = &mut chunk[..piece.len() * 2];
            // Both lengths match by construction, so this cannot fail.
            if faster_hex::hex_encode(piece, text).is_ok() {
                feed(c, text, &mut out);
            }
        }
        finish(c, &mut out);
        out
    })
}

/// Raw inflate, refusing output past `limits.max_inflated`
/// ([`DecodeError::InflateLimit`]) and streams that are corrupt or cut
/// short ([`DecodeError::Inflate`]).
pub fn inflate(bytes: &[u8], limits: Limits) -> Result<Vec<u8>, DecodeError> {
    const FIELD: &str = "secure payload";
    let limit = limits.max_inflated;
    let corrupt = DecodeError::Inflate { field: FIELD };
    with_decompressor(|d| {
        let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(limit));
        let mut input = bytes;
        loop {
            if out.len() == out.capacity() {
                // Room for at most one byte past the limit: enough to know
                // the limit was passed.
                let room = out
                    .capacity()
                    .max(256)
                    .min(limit.saturating_add(1).saturating_sub(out.len()))
                    .max(1);
                out.reserve_exact(room);
            }
            let (in_before, out_before) = (d.total_in(), out.len());
            let status = d
                .decompress_vec(input, &mut out, FlushDecompress::None)
                .map_err(|_| corrupt.clone())?;
            let consumed = usize::try_from(d.total_in() - in_before).unwrap_or(input.len());
            input = &input[consumed.min(input.len())..];
            if out.len() > limit {
                return Err(DecodeError::InflateLimit {
                    field: FIELD,
                    limit,
                });
            }
            match status {
                Status::StreamEnd => return Ok(out),
                // No progress with all the input read: the stream was cut.
                _ if consumed == 0 && out.len() == out_before && input.is_empty() => {
                    return Err(corrupt);
                }
                _ if consumed == 0 && out.len() == out_before && out.len() < out.capacity() => {
                    return Err(corrupt);
                }
                _ => {}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_shared_compressor_writes_what_a_fresh_one_does() {
        let text: Vec<u8> = (0..50_000u32).map(|i| (i * 31 % 97) as u8).collect();
        let mut fresh = flate2::write::DeflateEncoder::new(Vec::new(), Compression::new(6));
        let _ = fresh.write_all(&text);
        let fresh = fresh.finish().unwrap_or_default();
        // Twice: the second use starts from a reset state.
        assert_eq!(deflate(&text), fresh);
        assert_eq!(deflate(&text), fresh);
        assert_eq!(inflate(&fresh, Limits::default()), Ok(text.clone()));
        assert_eq!(inflate(&deflate(b""), Limits::default()), Ok(Vec::new()));
        // The requests' compressor likewise, at its own level.
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), Compression::new(REQUEST_LEVEL));
        let _ = encoder.write_all(hex::encode(&text[..4000]).as_bytes());
        let fresh_hex = encoder.finish().unwrap_or_default();
        assert_eq!(deflate_hex_text(&text[..4000]), fresh_hex);
        assert_eq!(deflate_hex_text(&text[..4000]), fresh_hex);
        assert_eq!(compressed_hex_text(&text[..4000]), fresh_hex);
        // No overflow at the largest limit.
        assert_eq!(
            inflate(&fresh, Limits::new(usize::MAX)).map(|v| v.len()),
            Ok(50_000)
        );
    }

    #[test]
    fn stored_blocks_inflate_to_the_hex_text() {
        let limits = Limits::new(usize::MAX);
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 13 % 256) as u8).collect();
        // Around the block size (32,767 bytes give 65,534 hex digits) and
        // the threshold, and the empty stream.
        for len in [
            0, 1, 2, 255, 256, 257, 32_767, 32_768, 65_535, 65_536, 100_000,
        ] {
            let stored = stored_hex_text(&data[..len]);
            let hex = hex::encode(&data[..len]).into_bytes();
            assert_eq!(inflate(&stored, limits).as_deref(), Ok(&hex[..]), "{len}");
            // Nothing compressed: the text and five bytes a block.
            let blocks = len.div_ceil(STORED_PIECE).max(1);
            assert_eq!(stored.len(), 2 * len + 5 * blocks, "{len}");
            // Another inflater agrees.
            let mut other = Vec::new();
            let read = std::io::Read::read_to_end(
                &mut flate2::read::DeflateDecoder::new(&stored[..]),
                &mut other,
            );
            assert_eq!(read.ok(), Some(hex.len()), "{len}");
            assert_eq!(other, hex, "{len}");
        }
        // The request path takes stored blocks up to the threshold only.
        assert_eq!(
            deflate_hex_text(&data[..STORED_UP_TO]),
            stored_hex_text(&data[..STORED_UP_TO])
        );
        assert_eq!(
            deflate_hex_text(&data[..=STORED_UP_TO]),
            compressed_hex_text(&data[..=STORED_UP_TO])
        );
        // The first block header of a stored stream is not final when more
        // follow, and is final alone.
        assert_eq!(stored_hex_text(&data[..40_000])[0], 0);
        assert_eq!(stored_hex_text(&data[..10])[..5], [1, 20, 0, 0xeb, 0xff]);
    }

    #[test]
    fn cut_or_corrupt_streams_are_errors() {
        let stream = deflate(&[7u8; 10_000]);
        let cut = &stream[..stream.len() - 2];
        let corrupt = DecodeError::Inflate {
            field: "secure payload",
        };
        assert_eq!(inflate(cut, Limits::default()), Err(corrupt.clone()));
        assert_eq!(inflate(&[], Limits::default()), Err(corrupt.clone()));
        assert_eq!(inflate(&[0xff; 40], Limits::default()), Err(corrupt));
        // A later call is unaffected by the failed ones.
        assert_eq!(inflate(&stream, Limits::default()), Ok(vec![7u8; 10_000]));
    }
}
