//! Mandates (R3–R5): the uniqueness rules are unique indexes.

use super::*;

#[async_trait]
impl MandateStore for DbTx {
    async fn mandates(&mut self, enterprise: i64, person: i64) -> Result<Mandates> {
        let rows = sqlx::query("SELECT kind, scope FROM mandates WHERE enterprise_id = $1 AND person_id = $2 ORDER BY id")
            .bind(enterprise)
            .bind(person)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(Mandates(
            rows.iter()
                .filter_map(|r| Mandate::from_parts(r.get("kind"), r.get("scope")))
                .collect(),
        ))
    }
    async fn add_mandate(
        &mut self,
        enterprise: i64,
        person: i64,
        mandate: &Mandate,
    ) -> Result<bool> {
        // A taken slot (R3, R5: a uniqueness rule, partial indexes included) inserts
        // nothing, on both backends, and the transaction goes on (an error would abort a
        // PostgreSQL transaction).
        let done = sqlx::query(
            "INSERT INTO mandates (enterprise_id, person_id, kind, scope) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .bind(enterprise)
        .bind(person)
        .bind(mandate.kind())
        .bind(mandate.scope().unwrap_or(""))
        .execute(&mut *self.tx)
        .await;
        Ok(done?.rows_affected() == 1)
    }
    async fn remove_mandate(
        &mut self,
        enterprise: i64,
        person: i64,
        mandate: &Mandate,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM mandates WHERE enterprise_id = $1 AND person_id = $2 AND kind = $3 AND scope = $4",
        )
        .bind(enterprise)
        .bind(person)
        .bind(mandate.kind())
        .bind(mandate.scope().unwrap_or(""))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn main_access_manager(&mut self, enterprise: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT person_id FROM mandates WHERE enterprise_id = $1 AND kind = 'main_access_manager'")
            .bind(enterprise)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.map(|r| r.get(0)))
    }
    async fn managers(&mut self, enterprise: i64) -> Result<Vec<(Person, Mandates)>> {
        let rows = sqlx::query(
            "SELECT p.id, p.national_number, COALESCE(s.name, p.name) AS name, m.kind, m.scope
             FROM mandates m JOIN people p ON p.id = m.person_id
             LEFT JOIN staff s ON s.enterprise_id = m.enterprise_id AND s.person_id = m.person_id
             WHERE m.enterprise_id = $1 ORDER BY m.id",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        let mut out: Vec<(Person, Mandates)> = Vec::new();
        for r in &rows {
            let p = person(r)?;
            let Some(m) = Mandate::from_parts(r.get("kind"), r.get("scope")) else {
                continue;
            };
            match out.iter_mut().find(|(q, _)| q.id == p.id) {
                Some((_, ms)) => ms.0.push(m),
                None => out.push((p, Mandates(vec![m]))),
            }
        }
        Ok(out)
    }
}
