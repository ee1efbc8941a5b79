//! e-Box Enterprise (R13): institutions publish messages and tasks into an enterprise's
//! e-Box; every user of the enterprise who is not blocked in all groups sees all of them
//! (who reaches it is `services::may_read_ebox`). Each document type has a retention
//! period: documents near its end are flagged, expired ones are removed.

use crate::Catalogue;

/// A document type with its retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentType {
    pub code: &'static str,
    pub name_nl: &'static str,
    pub retention_days: i64,
}

/// The document types institutions publish.
pub const DOCUMENT_TYPES: [DocumentType; 5] = [
    DocumentType {
        code: "kennisgeving",
        name_nl: "Kennisgeving",
        retention_days: 365,
    },
    DocumentType {
        code: "herinnering",
        name_nl: "Herinnering",
        retention_days: 90,
    },
    DocumentType {
        code: "aanslagbiljet",
        name_nl: "Aanslagbiljet",
        retention_days: 5 * 365,
    },
    DocumentType {
        code: "attest",
        name_nl: "Attest",
        retention_days: 2 * 365,
    },
    DocumentType {
        code: "taak",
        name_nl: "Taak",
        retention_days: 180,
    },
];

/// Documents this close to their end (days) are flagged.
pub const NEAR_EXPIRY_DAYS: i64 = 30;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 20_000;
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_ATTACHMENTS: usize = 10;
/// The content types an attachment may have (documents and scans; nothing a browser would
/// run).
pub const ATTACHMENT_TYPES: [&str; 7] = [
    "application/pdf",
    "application/xml",
    "text/plain",
    "text/csv",
    "image/png",
    "image/jpeg",
    "application/octet-stream",
];

/// The content type of an attachment from its file name's extension: one of
/// [`ATTACHMENT_TYPES`], `application/octet-stream` for anything else.
pub fn attachment_type(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("pdf") => "application/pdf",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain",
        Some("csv") => "text/csv",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}

pub fn document_type(code: &str) -> Option<&'static DocumentType> {
    DOCUMENT_TYPES.iter().find(|t| t.code == code)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EboxError {
    #[error("unknown document type")]
    UnknownType,
    #[error("unknown online service")]
    UnknownService,
    #[error("a sender (institution) is required")]
    NoSender,
    #[error("a title is required, at most {MAX_TITLE_CHARS} characters")]
    Title,
    #[error("the text is too long")]
    BodyTooLong,
    #[error("an attachment needs a plain file name")]
    AttachmentName,
    #[error("an attachment is empty or larger than 5 MiB, or there are more than ten")]
    AttachmentSize,
    #[error("an attachment's type is not one the e-Box delivers")]
    AttachmentType,
    #[error("not a date (YYYY-MM-DD)")]
    Date,
    #[error("the date range ends before it starts")]
    EmptyRange,
    #[error("this document is not a task")]
    NotATask,
    #[error("this task is done already")]
    AlreadyDone,
    #[error("no such document")]
    NotFound,
}

impl EboxError {
    pub fn code(&self) -> &'static str {
        match self {
            EboxError::UnknownType => "ebox.unknown_type",
            EboxError::UnknownService => "ebox.unknown_service",
            EboxError::NoSender => "ebox.no_sender",
            EboxError::Title => "ebox.title",
            EboxError::BodyTooLong => "ebox.body_too_long",
            EboxError::AttachmentName => "ebox.attachment_name",
            EboxError::AttachmentSize => "ebox.attachment_size",
            EboxError::AttachmentType => "ebox.attachment_type",
            EboxError::Date => "ebox.date",
            EboxError::EmptyRange => "ebox.empty_range",
            EboxError::NotATask => "ebox.not_a_task",
            EboxError::AlreadyDone => "ebox.already_done",
            EboxError::NotFound => "ebox.not_found",
        }
    }
}

/// An attachment as an institution sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A checked publication: what is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub sender: String,
    pub service: String,
    pub doc_type: &'static DocumentType,
    pub is_task: bool,
    pub title: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
}

/// A plain file name: no path, no control characters, not hidden, at most 120 characters.
fn plain_file_name(name: &str) -> bool {
    let n = name.trim();
    !n.is_empty()
        && n.chars().count() <= 120
        && !n.starts_with('.')
        && !n
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\' | '"' | ':'))
}

/// R13, the sending side: a publication needs a sender, an online service of the
/// catalogue, a known document type (a task is of type "taak"), a title, a text within
/// bounds, and attachments with plain names and sizes.
#[allow(clippy::too_many_arguments)]
pub fn check_publication(
    sender: &str,
    service: &str,
    doc_type: &str,
    title: &str,
    body: &str,
    attachments: Vec<Attachment>,
) -> Result<Publication, EboxError> {
    let sender = sender.trim();
    if sender.is_empty() || sender.chars().count() > 100 {
        return Err(EboxError::NoSender);
    }
    if !Catalogue::get().services.iter().any(|s| s.code == service) {
        return Err(EboxError::UnknownService);
    }
    let doc_type = document_type(doc_type).ok_or(EboxError::UnknownType)?;
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(EboxError::Title);
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(EboxError::BodyTooLong);
    }
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(EboxError::AttachmentSize);
    }
    for a in &attachments {
        if !plain_file_name(&a.name) {
            return Err(EboxError::AttachmentName);
        }
        if a.bytes.is_empty() || a.bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(EboxError::AttachmentSize);
        }
        if !ATTACHMENT_TYPES.contains(&a.content_type.as_str()) {
            return Err(EboxError::AttachmentType);
        }
    }
    Ok(Publication {
        sender: sender.to_owned(),
        service: service.to_owned(),
        is_task: doc_type.code == "taak",
        doc_type,
        title: title.to_owned(),
        body: body.to_owned(),
        attachments,
    })
}

/// Where a document stands in its retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    Kept,
    /// Flagged: removed within [`NEAR_EXPIRY_DAYS`].
    NearExpiry {
        days_left: i64,
    },
    /// To be removed by the periodic job.
    Expired,
}

/// The retention of a document published at `published` (unix seconds) of type `t`.
pub fn retention(t: &DocumentType, published: i64, now: i64) -> Retention {
    retention_until(expires_at(t, published), now)
}

/// The retention of a document removed at `end` (unix seconds, as stored at publication,
/// so that a later change of a type's period does not move documents already sent).
pub fn retention_until(end: i64, now: i64) -> Retention {
    if now >= end {
        Retention::Expired
    } else {
        let days_left = (end - now + 86_399) / 86_400;
        if days_left <= NEAR_EXPIRY_DAYS {
            Retention::NearExpiry { days_left }
        } else {
            Retention::Kept
        }
    }
}

/// When a document published at `published` is removed (unix seconds).
pub fn expires_at(t: &DocumentType, published: i64) -> i64 {
    published + t.retention_days * 86_400
}

/// Marking a task done: only tasks, once.
pub fn check_task_completion(is_task: bool, done: bool) -> Result<(), EboxError> {
    if !is_task {
        Err(EboxError::NotATask)
    } else if done {
        Err(EboxError::AlreadyDone)
    } else {
        Ok(())
    }
}

/// The list's filters, as typed (empty: no filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub service: Option<String>,
    pub doc_type: Option<String>,
    /// Inclusive days, `YYYY-MM-DD`.
    pub from: Option<String>,
    pub until: Option<String>,
}

/// A calendar date `YYYY-MM-DD` that exists.
pub fn parse_date(input: &str) -> Result<String, EboxError> {
    let t = input.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(EboxError::Date);
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(EboxError::Date);
    };
    if t.len() != 10 || !(1900..=9999).contains(&y) {
        return Err(EboxError::Date);
    }
    if !date_exists(y, m, d) {
        return Err(EboxError::Date);
    }
    Ok(t.to_owned())
}

fn date_exists(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// The filters from the list's form: unknown services or types and impossible dates are
/// refused (not silently ignored).
pub fn parse_filter(
    service: &str,
    doc_type: &str,
    from: &str,
    until: &str,
) -> Result<Filter, EboxError> {
    let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let service = opt(service);
    if let Some(s) = &service {
        if !Catalogue::get().services.iter().any(|c| c.code == *s) {
            return Err(EboxError::UnknownService);
        }
    }
    let doc_type = opt(doc_type);
    if let Some(t) = &doc_type {
        document_type(t).ok_or(EboxError::UnknownType)?;
    }
    let from = opt(from).map(|d| parse_date(&d)).transpose()?;
    let until = opt(until).map(|d| parse_date(&d)).transpose()?;
    // A range that ends before it starts is said to be one, not answered with nothing.
    if let (Some(f), Some(u)) = (&from, &until) {
        if u < f {
            return Err(EboxError::EmptyRange);
        }
    }
    Ok(Filter {
        service,
        doc_type,
        from,
        until,
    })
}

impl crate::error::Coded for EboxError {
    fn code(&self) -> &'static str {
        EboxError::code(self)
    }
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            EboxError::NotFound => NotFound,
            EboxError::AlreadyDone => Conflict,
            _ => Invalid,
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_attachment_type_comes_from_the_extension_and_is_always_allowed() {
        assert_eq!(attachment_type("Brief.PDF"), "application/pdf");
        assert_eq!(attachment_type("scan.jpeg"), "image/jpeg");
        assert_eq!(attachment_type("run.exe"), "application/octet-stream");
        assert_eq!(attachment_type("pdf"), "application/octet-stream");
        for name in [
            "a.pdf", "a.xml", "a.txt", "a.csv", "a.png", "a.jpg", "a.exe",
        ] {
            assert!(ATTACHMENT_TYPES.contains(&attachment_type(name)), "{name}");
        }
    }

    use super::*;

    fn pdf() -> Attachment {
        Attachment {
            name: "aanslag 2026.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: b"%PDF-1.7".to_vec(),
        }
    }

    #[test]
    fn a_publication_is_checked() {
        let p = check_publication(
            " FOD Financiën ",
            "intervat",
            "aanslagbiljet",
            "Aanslag 2026",
            "Tekst",
            vec![pdf()],
        )
        .unwrap();
        assert_eq!(p.sender, "FOD Financiën");
        assert!(!p.is_task);
        assert!(
            check_publication("RSZ", "dmfa", "taak", "Aangifte", "", vec![])
                .unwrap()
                .is_task
        );
        let bad = |s, sv, t, ti: &str, b: &str, a: Vec<Attachment>| {
            check_publication(s, sv, t, ti, b, a).unwrap_err()
        };
        assert_eq!(
            bad("", "dmfa", "taak", "x", "", vec![]),
            EboxError::NoSender
        );
        assert_eq!(
            bad("RSZ", "nope", "taak", "x", "", vec![]),
            EboxError::UnknownService
        );
        assert_eq!(
            bad("RSZ", "dmfa", "brief", "x", "", vec![]),
            EboxError::UnknownType
        );
        assert_eq!(
            bad("RSZ", "dmfa", "taak", " ", "", vec![]),
            EboxError::Title
        );
        assert_eq!(
            bad(
                "RSZ",
                "dmfa",
                "taak",
                "x",
                &"a".repeat(MAX_BODY_CHARS + 1),
                vec![]
            ),
            EboxError::BodyTooLong
        );
        for name in ["../etc/passwd", ".hidden", "a\\b", ""] {
            let a = Attachment {
                name: name.into(),
                ..pdf()
            };
            assert_eq!(
                bad("RSZ", "dmfa", "taak", "x", "", vec![a]),
                EboxError::AttachmentName,
                "{name}"
            );
        }
        let empty = Attachment {
            bytes: vec![],
            ..pdf()
        };
        assert_eq!(
            bad("RSZ", "dmfa", "taak", "x", "", vec![empty]),
            EboxError::AttachmentSize
        );
        assert_eq!(
            bad("RSZ", "dmfa", "taak", "x", "", vec![pdf(); 11]),
            EboxError::AttachmentSize
        );
    }

    #[test]
    fn retention_flags_then_expires() {
        let t = document_type("herinnering").unwrap(); // 90 days
        let day = 86_400;
        assert_eq!(retention(t, 0, 0), Retention::Kept);
        assert_eq!(retention(t, 0, 59 * day), Retention::Kept);
        assert_eq!(
            retention(t, 0, 60 * day),
            Retention::NearExpiry { days_left: 30 }
        );
        assert_eq!(
            retention(t, 0, 89 * day + 1),
            Retention::NearExpiry { days_left: 1 }
        );
        assert_eq!(retention(t, 0, 90 * day), Retention::Expired);
        assert_eq!(expires_at(t, 10), 10 + 90 * day);
    }

    #[test]
    fn tasks_are_done_once() {
        assert_eq!(check_task_completion(true, false), Ok(()));
        assert_eq!(
            check_task_completion(true, true),
            Err(EboxError::AlreadyDone)
        );
        assert_eq!(
            check_task_completion(false, false),
            Err(EboxError::NotATask)
        );
    }

    #[test]
    fn filters() {
        assert_eq!(parse_filter("", "", "", ""), Ok(Filter::default()));
        let f = parse_filter("dmfa", "taak", "2026-01-01", " 2026-02-28 ").unwrap();
        assert_eq!(f.until.as_deref(), Some("2026-02-28"));
        assert_eq!(
            parse_filter("nope", "", "", ""),
            Err(EboxError::UnknownService)
        );
        assert_eq!(
            parse_filter("", "brief", "", ""),
            Err(EboxError::UnknownType)
        );
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-01-01",
            "gisteren",
            "2026-1-1",
        ] {
            assert_eq!(parse_filter("", "", bad, ""), Err(EboxError::Date), "{bad}");
        }
        assert_eq!(
            parse_filter("", "", "2026-02-01", "2026-01-31"),
            Err(EboxError::EmptyRange)
        );
        for (from, until) in [("2026-02-01", "2026-02-01"), ("2026-01-31", "2026-02-01")] {
            assert!(parse_filter("", "", from, until).is_ok(), "{from} {until}");
        }
    }
}
