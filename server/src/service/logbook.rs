//! The Logboek (R14 read back): the audit log of exactly the reader's scope
//! (`domain::audit::audit_scope`), filtered, newest first, in pages that continue from
//! the last row's id (keyset paging: no page counts the rows before it), and the same
//! rows as a CSV export, streamed in batches.

use super::{Context, Toegang};
use crate::clock;
use crate::store::prelude::*;
use crate::store::{AuditQuery, AuditRow};
use app::api::*;
use app::port::{Logbook, SignedIn};
use domain::audit::{self, AuditScope};

/// Rows per page of the Logboek.
pub const LOGBOOK_PAGE: u32 = 50;
/// Rows per read of the CSV export.
const EXPORT_BATCH: u32 = 1000;

/// A JSON before/after as (field, value) pairs; lists of codes joined by commas.
fn fields(v: Option<serde_json::Value>) -> Vec<(String, String)> {
    let Some(serde_json::Value::Object(map)) = v else {
        return Vec::new();
    };
    map.into_iter()
        .map(|(k, v)| {
            let text = match &v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, text)
        })
        .collect()
}

fn entry(r: AuditRow) -> LogEntry {
    LogEntry {
        id: r.id,
        at: clock::stored_moment(&r.at),
        actor: r.actor,
        actor_number: r.actor_number,
        action: r.action,
        scope: r.scope,
        subject: r.subject,
        subject_number: r.subject_number,
        target: r.target,
        before: fields(r.before),
        after: fields(r.after),
        api_token: r.api_token,
    }
}

/// The reader's scope as a query, the groups it may filter on, and whether it sees the
/// whole enterprise.
fn scoped(ctx: &Context) -> Result<(Option<(Vec<String>, Vec<String>)>, Vec<String>), ApiError> {
    Ok(
        match audit::audit_scope(&ctx.actor.mandates, ctx.groups.iter().copied())? {
            AuditScope::Enterprise => (None, ctx.groups.iter().map(|g| g.code.clone()).collect()),
            AuditScope::Scopes { scopes, groups } => (Some((scopes, groups.clone())), groups),
        },
    )
}

impl Toegang {
    /// R14: the reader's scope and its filters as a query of the audit log; a group the
    /// reader does not manage is refused (`rule.not_manager_of_group`).
    async fn logbook_query(
        &self,
        tx: &mut dyn Tx,
        who: &SignedIn,
        filter: &LogbookFilter,
    ) -> Result<(Context, AuditQuery, Vec<String>), ApiError> {
        let ctx = self.context(tx, who).await?;
        let (within, groups) = scoped(&ctx)?;
        let f = audit::parse_audit_filter(
            &filter.actor,
            &filter.person,
            &filter.group,
            &filter.kind,
            &filter.from,
            &filter.until,
        )?;
        if let Some(g) = &f.group {
            if !groups.contains(g) {
                return Err(domain::RuleError::NotManagerOfGroup.into());
            }
        }
        let day = |d: &Option<String>, next: bool| {
            d.as_deref()
                .and_then(|d| clock::day_bounds(d))
                .map(|(start, end)| clock::timestamp(if next { end } else { start }))
        };
        let q = AuditQuery {
            enterprise: who.enterprise_id,
            within,
            actor: f.actor,
            person: f.person,
            group: f.group,
            kind: f.kind.map(str::to_owned),
            from: day(&f.from, false),
            until: day(&f.until, true),
            before_id: None,
        };
        Ok((ctx, q, groups))
    }

    /// The Logboek as CSV (`GET /logboek.csv`): every row the page's filters select, in
    /// batches of a thousand, each read in its own snapshot so that a long export holds no
    /// transaction open. Refusals (scope, filters) come before the first byte.
    pub async fn logbook_csv(
        self: std::sync::Arc<Self>,
        who: &SignedIn,
        filter: &LogbookFilter,
        language: app::i18n::Locale,
    ) -> Result<
        impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static,
        ApiError,
    > {
        let q = {
            let mut tx = self.store.read().await?;
            self.logbook_query(tx.as_mut(), who, filter).await?.1
        };
        let header = csv_line(&[
            "at",
            "actor",
            "actor_national_number",
            "action",
            "action_words",
            "scope",
            "person",
            "person_national_number",
            "target",
            "before",
            "after",
            "api_token",
        ]);
        let first = futures::stream::once(async move { Ok(header) });
        let rows = futures::stream::unfold(Some(q), move |q| {
            let toegang = self.clone();
            async move {
                let mut q = q?;
                let batch = async {
                    let mut tx = toegang.store.read().await?;
                    tx.audit_rows(&q, EXPORT_BATCH).await
                }
                .await;
                match batch {
                    Err(e) => {
                        tracing::error!(error = %e, "Logboek export stopped");
                        Some((Err(std::io::Error::other(e.to_string())), None))
                    }
                    Ok(rows) if rows.is_empty() => None,
                    Ok(rows) => {
                        let full = rows.len() as u32 == EXPORT_BATCH;
                        q.before_id = rows.last().map(|r| r.id);
                        let mut out = Vec::new();
                        for r in rows {
                            out.extend(csv_row(entry(r), language));
                        }
                        Some((Ok(out), full.then_some(q)))
                    }
                }
            }
        });
        Ok(futures::StreamExt::chain(first, rows))
    }
}

fn csv_line(fields: &[&str]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(fields);
    w.into_inner().unwrap_or_default()
}

fn csv_row(e: LogEntry, l: app::i18n::Locale) -> Vec<u8> {
    let pairs = |p: &[(String, String)]| {
        p.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    csv_line(&[
        &e.at,
        &opt(&e.actor),
        &opt(&e.actor_number),
        &e.action,
        app::lang::audit_action(&e.action, l),
        &opt(&e.scope),
        &opt(&e.subject),
        &opt(&e.subject_number),
        &e.target,
        &pairs(&e.before),
        &pairs(&e.after),
        &opt(&e.api_token),
    ])
}

#[async_trait::async_trait]
impl Logbook for Toegang {
    async fn logbook_view(
        &self,
        who: &SignedIn,
        filter: LogbookFilter,
        before: Option<i64>,
    ) -> Result<LogbookData, ApiError> {
        let mut tx = self.store.read().await?;
        let (ctx, mut q, groups) = self.logbook_query(tx.as_mut(), who, &filter).await?;
        q.before_id = before.filter(|b| *b > 0);
        // One row more than a page tells whether older rows exist.
        let mut rows = tx.audit_rows(&q, LOGBOOK_PAGE + 1).await?;
        let older = (rows.len() as u32 > LOGBOOK_PAGE).then(|| {
            rows.truncate(LOGBOOK_PAGE as usize);
            rows.last().map(|r| r.id).unwrap_or_default()
        });
        Ok(LogbookData {
            whole_enterprise: q.within.is_none(),
            me: ctx.me,
            filter,
            groups,
            entries: rows.into_iter().map(entry).collect(),
            older,
            newest: q.before_id.is_none(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_and_after_become_words_per_field() {
        let v =
            serde_json::json!({"services": ["dimona", "dmfa"], "blocked": true, "name": "Emma"});
        let mut f = fields(Some(v));
        f.sort();
        assert_eq!(
            f,
            vec![
                ("blocked".to_owned(), "true".to_owned()),
                ("name".to_owned(), "Emma".to_owned()),
                ("services".to_owned(), "dimona,dmfa".to_owned()),
            ]
        );
        assert!(fields(None).is_empty());
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(
            csv_line(&["a", "b,c", "d\"e"]),
            b"a,\"b,c\",\"d\"\"e\"\n".to_vec()
        );
    }
}
