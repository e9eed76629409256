//! The layout options of a timetable PDF (`GenerationPDF`, tab 16), as
//! the official client's PDF window offers them (`OptionsPDF.EDT`):
//! orientation, font sizes, colours, what to do with text that does not
//! fit, one grid per week, swapped axes, empty slots, and the weeks
//! covered. PRONOTE has no option to hide teachers or rooms.
//!
//! ```
//! use pronote_api::models::timetable_pdf::{PdfColour, TimetablePdfOptions};
//!
//! let options = TimetablePdfOptions::default()
//!     .portrait(true)
//!     .colour(PdfColour::Text)
//!     .weeks(10, 12);
//! assert!(options.portrait);
//! ```

use serde::{Deserialize, Serialize};

/// How lessons are coloured (`couleur`, `EGenreCouleurTexte_EDT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PdfColour {
    /// 0: black and white.
    None,
    /// 1: the subject's colour as the lesson's background (PRONOTE's
    /// default).
    #[default]
    Background,
    /// 2: the subject's colour on the text.
    Text,
}

impl PdfColour {
    /// The wire number.
    pub const fn code(self) -> u8 {
        match self {
            PdfColour::None => 0,
            PdfColour::Background => 1,
            PdfColour::Text => 2,
        }
    }
}

/// What becomes of text that does not fit in its lesson (`renvoi`,
/// `TypeGestionRenvoisImp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PdfOverflow {
    /// 0: cut (PRONOTE's default).
    #[default]
    None,
    /// 1: a reference, the text under the lesson's block.
    UnderBlock,
    /// 2: a reference, the text after the page.
    AfterPage,
    /// 3: a reference, every text gathered at the end.
    AtEnd,
}

impl PdfOverflow {
    /// The wire number.
    pub const fn code(self) -> u8 {
        match self {
            PdfOverflow::None => 0,
            PdfOverflow::UnderBlock => 1,
            PdfOverflow::AfterPage => 2,
            PdfOverflow::AtEnd => 3,
        }
    }
}

/// The weeks a timetable PDF covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PdfSpan {
    /// The whole year's timetable (`estEDTAnnuel`, the default).
    #[default]
    Year,
    /// The school weeks `first` to `last`, both included (`domaine`).
    Weeks {
        /// The first school week.
        first: u16,
        /// The last school week.
        last: u16,
    },
}

/// The options of a timetable PDF. [`Default`] is what
/// [`GetTimetablePdf`](crate::functions::GetTimetablePdf) sends: the
/// year, landscape, fonts 6.5 and 5, coloured backgrounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimetablePdfOptions {
    /// Portrait rather than landscape (`portrait`).
    pub portrait: bool,
    /// The font size, in points (`taillePolice`).
    pub font_size: f64,
    /// The smallest font size text may shrink to (`taillePoliceMin`).
    pub min_font_size: f64,
    /// How lessons are coloured (`couleur`).
    pub colour: PdfColour,
    /// Text that does not fit (`renvoi`).
    pub overflow: PdfOverflow,
    /// One grid per week rather than one for the span
    /// (`uneGrilleParSemaine`).
    pub one_grid_per_week: bool,
    /// Days as rows and hours as columns (`inversionGrille`).
    pub swap_axes: bool,
    /// Leave out the hours without lessons (`ignorerLesPlagesSansCours`).
    pub skip_empty_slots: bool,
    /// The weeks covered.
    pub span: PdfSpan,
}

impl Default for TimetablePdfOptions {
    fn default() -> Self {
        TimetablePdfOptions {
            portrait: false,
            font_size: 6.5,
            min_font_size: 5.0,
            colour: PdfColour::Background,
            overflow: PdfOverflow::None,
            one_grid_per_week: false,
            swap_axes: false,
            skip_empty_slots: false,
            span: PdfSpan::Year,
        }
    }
}

impl TimetablePdfOptions {
    /// Portrait (`true`) or landscape.
    pub fn portrait(mut self, portrait: bool) -> Self {
        self.portrait = portrait;
        self
    }

    /// The font size and the smallest it may shrink to, in points.
    pub fn font_sizes(mut self, size: f64, min: f64) -> Self {
        self.font_size = size;
        self.min_font_size = min;
        self
    }

    /// How lessons are coloured.
    pub fn colour(mut self, colour: PdfColour) -> Self {
        self.colour = colour;
        self
    }

    /// What becomes of text that does not fit.
    pub fn overflow(mut self, overflow: PdfOverflow) -> Self {
        self.overflow = overflow;
        self
    }

    /// One grid per week.
    pub fn one_grid_per_week(mut self, yes: bool) -> Self {
        self.one_grid_per_week = yes;
        self
    }

    /// Days as rows, hours as columns.
    pub fn swap_axes(mut self, yes: bool) -> Self {
        self.swap_axes = yes;
        self
    }

    /// Leave out the hours without lessons.
    pub fn skip_empty_slots(mut self, yes: bool) -> Self {
        self.skip_empty_slots = yes;
        self
    }

    /// The school weeks `first` to `last` (swapped if given backwards)
    /// instead of the year.
    pub fn weeks(mut self, first: u16, last: u16) -> Self {
        self.span = PdfSpan::Weeks {
            first: first.min(last),
            last: first.max(last),
        };
        self
    }

    /// The whole year (the default).
    pub fn year(mut self) -> Self {
        self.span = PdfSpan::Year;
        self
    }
}
