//! e-Box Enterprise (R13): documents, attachments, reads, notifications.

use super::*;

/// The start (00:00 UTC, unix seconds) of a day `YYYY-MM-DD`.
fn day_start(day: &str) -> Option<i64> {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    let date = time::Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

#[async_trait]
impl EboxStore for DbTx {
    async fn insert_document(
        &mut self,
        enterprise: i64,
        p: &domain::ebox::Publication,
        published_at: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO ebox_documents (enterprise_id, sender, service, doc_type, is_task, title, body, published_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(enterprise)
        .bind(&p.sender)
        .bind(&p.service)
        .bind(p.doc_type.code)
        .bind(p.is_task)
        .bind(&p.title)
        .bind(&p.body)
        .bind(published_at)
        .bind(domain::ebox::expires_at(p.doc_type, published_at))
        .fetch_one(&mut *self.tx)
        .await?;
        let id: i64 = row.get(0);
        for a in &p.attachments {
            sqlx::query(
                "INSERT INTO ebox_attachments (document_id, name, content_type, content) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&a.name)
            .bind(&a.content_type)
            .bind(&a.bytes)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(id)
    }
    async fn documents(
        &mut self,
        enterprise: i64,
        person: i64,
        now: i64,
        f: &domain::ebox::Filter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<DocumentRecord>, u64)> {
        const WHERE: &str = "d.enterprise_id = $1 AND d.expires_at > $6
             AND ($2 IS NULL OR d.service = $2) AND ($3 IS NULL OR d.doc_type = $3)
             AND ($4 IS NULL OR d.published_at >= $4)
             AND ($5 IS NULL OR d.published_at < $5)";
        // Whole days (UTC) as unix seconds: from the first day's start to the day after
        // the last one.
        let from = f.from.as_deref().and_then(day_start);
        let until = f.until.as_deref().and_then(day_start).map(|t| t + 86_400);
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM ebox_documents d WHERE {WHERE}"
        ))
        .bind(enterprise)
        .bind(&f.service)
        .bind(&f.doc_type)
        .bind(from)
        .bind(until)
        .bind(now)
        .fetch_one(&mut *self.tx)
        .await?;
        let rows = sqlx::query(&format!(
            "SELECT d.id FROM ebox_documents d WHERE {WHERE}
             ORDER BY d.published_at DESC, d.id DESC LIMIT $7 OFFSET $8"
        ))
        .bind(enterprise)
        .bind(&f.service)
        .bind(&f.doc_type)
        .bind(from)
        .bind(until)
        .bind(now)
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            if let Some(d) = self.document(enterprise, person, r.get(0)).await? {
                out.push(d);
            }
        }
        Ok((out, total as u64))
    }
    async fn document(
        &mut self,
        enterprise: i64,
        person: i64,
        id: i64,
    ) -> Result<Option<DocumentRecord>> {
        let Some(r) = sqlx::query(
            "SELECT d.id, d.sender, d.service, d.doc_type, d.is_task, d.title, d.body, d.published_at,
                    d.expires_at, d.done_at, p.name,
                    EXISTS (SELECT 1 FROM ebox_reads r WHERE r.document_id = d.id AND r.person_id = $3)
             FROM ebox_documents d LEFT JOIN people p ON p.id = d.done_by
             WHERE d.enterprise_id = $1 AND d.id = $2",
        )
        .bind(enterprise)
        .bind(id)
        .bind(person)
        .fetch_optional(&mut *self.tx)
        .await?
        else {
            return Ok(None);
        };
        let attachments = sqlx::query(
            "SELECT id, name, content_type, CAST(length(content) AS BIGINT) FROM ebox_attachments WHERE document_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *self.tx)
        .await?
        .iter()
        .map(|a| (a.get(0), a.get(1), a.get(2), a.get(3)))
        .collect();
        let doc_type: String = r.get(3);
        Ok(Some(DocumentRecord {
            id: r.get(0),
            sender: r.get(1),
            service: r.get(2),
            doc_type: domain::ebox::document_type(&doc_type)
                .ok_or_else(|| corrupt("document type", &doc_type, "unknown"))?,
            is_task: r.get::<bool, _>(4),
            title: r.get(5),
            body: r.get(6),
            published_at: r.get(7),
            expires_at: r.get(8),
            done_at: r.get(9),
            done_by: r.get(10),
            read: r.get::<bool, _>(11),
            attachments,
        }))
    }
    async fn mark_read(&mut self, document: i64, person: i64, at: i64) -> Result<()> {
        sqlx::query("INSERT INTO ebox_reads (document_id, person_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(document)
            .bind(person)
            .bind(at)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn complete_task(&mut self, document: i64, person: i64, at: i64) -> Result<()> {
        sqlx::query("UPDATE ebox_documents SET done_at = $1, done_by = $2 WHERE id = $3 AND done_at IS NULL")
            .bind(at)
            .bind(person)
            .bind(document)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn attachment(
        &mut self,
        enterprise: i64,
        document: i64,
        attachment: i64,
    ) -> Result<Option<(String, String, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT a.name, a.content_type, a.content FROM ebox_attachments a
             JOIN ebox_documents d ON d.id = a.document_id
             WHERE d.enterprise_id = $1 AND d.id = $2 AND a.id = $3",
        )
        .bind(enterprise)
        .bind(document)
        .bind(attachment)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
    }
    async fn delete_expired_documents(&mut self, now: i64) -> Result<Vec<(i64, u64)>> {
        let rows = sqlx::query(
            "SELECT enterprise_id, COUNT(*) FROM ebox_documents WHERE expires_at <= $1 GROUP BY enterprise_id",
        )
        .bind(now)
        .fetch_all(&mut *self.tx)
        .await?;
        sqlx::query("DELETE FROM ebox_documents WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *self.tx)
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get::<i64, _>(1) as u64))
            .collect())
    }
    async fn enterprises_to_notify(&mut self, quiet_since: i64) -> Result<Vec<(i64, u64, i64)>> {
        let rows = sqlx::query(
            "SELECT d.enterprise_id, COUNT(*), MAX(d.id) FROM ebox_documents d
             LEFT JOIN ebox_notifications n ON n.enterprise_id = d.enterprise_id
             WHERE d.id > COALESCE(n.last_document_id, 0) AND COALESCE(n.notified_at, 0) <= $1
             GROUP BY d.enterprise_id ORDER BY d.enterprise_id",
        )
        .bind(quiet_since)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get::<i64, _>(1) as u64, r.get(2)))
            .collect())
    }
    async fn set_notified(&mut self, enterprise: i64, at: i64, last_document: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO ebox_notifications (enterprise_id, notified_at, last_document_id) VALUES ($1, $2, $3)
             ON CONFLICT (enterprise_id) DO UPDATE SET notified_at = excluded.notified_at,
                 last_document_id = excluded.last_document_id",
        )
        .bind(enterprise)
        .bind(at)
        .bind(last_document)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_day_starts_at_midnight_utc() {
        assert_eq!(super::day_start("1970-01-02"), Some(86_400));
        assert_eq!(super::day_start("2026-02-30"), None);
        assert_eq!(super::day_start("x"), None);
    }
}
