//! Importing an enterprise's staff register: all or nothing, with an outcome per line.
//! People not in the file stay in the register (an import adds and updates).

use super::{audit, enterprise, OperatorError};
use crate::service::Toegang;
use domain::NationalNumber;

/// One line's outcome: `(added | updated | unchanged, number, name)`, or why it is
/// refused.
pub type LineOutcome = Result<(&'static str, NationalNumber, String), String>;

/// What an import did (or, with refused lines, would have done: then nothing is written).
#[derive(Debug, Default)]
pub struct StaffImport {
    /// Per line: its number and its outcome.
    pub lines: Vec<(u64, LineOutcome)>,
    pub refused: usize,
}

impl Toegang {
    /// Imports the staff lines of `file` (named in the audit row) into an enterprise.
    pub async fn import_staff(
        &self,
        enterprise_number: &str,
        file: &str,
        lines: &[StaffLine],
    ) -> Result<StaffImport, OperatorError> {
        let mut tx = self.store.write().await?;
        let (e, number, _) = enterprise(tx.as_mut(), enterprise_number).await?;
        let mut report = StaffImport::default();
        let (mut added, mut updated) = (Vec::new(), Vec::new());
        for line in lines {
            let outcome = match &line.outcome {
                Ok((nn, name)) => {
                    // The name is this enterprise's (the staff register's): what another
                    // enterprise's import says of the same person is never read or changed.
                    let staffed = match tx.person_in_enterprise(e, nn).await? {
                        Some(p) if tx.is_staff(e, p.id).await? => Some(p),
                        _ => None,
                    };
                    let what = match (staffed, tx.person_by_national_number(nn).await?) {
                        (Some(p), _) if p.name == *name => "unchanged",
                        (Some(p), _) => {
                            tx.add_staff(e, p.id, Some(name)).await?;
                            updated.push(serde_json::json!({ "national_number": nn.digits(), "before": p.name, "after": name }));
                            "updated"
                        }
                        (None, known) => {
                            let id = match known {
                                Some(p) => p.id,
                                None => tx.insert_person(Some(nn), name).await?,
                            };
                            tx.add_staff(e, id, Some(name)).await?;
                            added.push(
                                serde_json::json!({ "national_number": nn.digits(), "name": name }),
                            );
                            "added"
                        }
                    };
                    Ok((what, *nn, name.clone()))
                }
                Err(reason) => {
                    report.refused += 1;
                    Err(reason.clone())
                }
            };
            report.lines.push((line.number, outcome));
        }
        if report.refused > 0 {
            return Ok(report); // dropped: nothing is written
        }
        let after = serde_json::json!({
            "lines": lines.len(), "file": file, "added": added, "updated": updated,
        });
        let row = audit(e, "staff.import", self.clock.now())
            .target(number.digits())
            .after(after);
        tx.audit(&row).await?;
        tx.commit().await?;
        Ok(report)
    }
}

/// One data line of a staff file: its line number and what it holds or why it is refused.
pub struct StaffLine {
    pub number: u64,
    pub outcome: Result<(NationalNumber, String), String>,
}

/// Reads `national_number,name` records (header required); every line gets an outcome.
pub fn parse_staff(text: &str) -> Vec<StaffLine> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header_ok = reader
        .headers()
        .map(|h| h.get(0) == Some("national_number") && h.get(1) == Some("name"))
        .unwrap_or(false);
    if !header_ok {
        return vec![StaffLine {
            number: 1,
            outcome: Err("the first line must be `national_number,name`".into()),
        }];
    }
    let mut seen = std::collections::BTreeSet::new();
    reader
        .records()
        .map(|record| {
            let (number, outcome) = match record {
                Err(e) => (
                    e.position().map(|p| p.line()).unwrap_or(0),
                    Err(format!("unreadable: {e}")),
                ),
                Ok(r) => {
                    let number = r.position().map(|p| p.line()).unwrap_or(0);
                    let outcome = match (r.get(0), r.get(1), r.len()) {
                        (_, _, n) if n != 2 => Err(format!("expected 2 fields, found {n}")),
                        (Some(nn), Some(name), _) => {
                            use domain::contact::{name as person_name, ContactError};
                            match (NationalNumber::parse(nn), person_name(name)) {
                                (Err(e), _) => Err(format!("national number `{nn}`: {e}")),
                                (_, Err(ContactError::Required)) => Err("the name is empty".into()),
                                (_, Err(_)) => Err("the name is too long".into()),
                                (Ok(nn), _) if !seen.insert(nn) => {
                                    Err(format!("{nn} appears twice in the file"))
                                }
                                (Ok(nn), Ok(name)) => Ok((nn, name)),
                            }
                        }
                        _ => Err("expected 2 fields".into()),
                    };
                    (number, outcome)
                }
            };
            StaffLine { number, outcome }
        })
        .collect()
}
