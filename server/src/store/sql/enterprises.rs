//! Enterprises, their groups, people and the staff register.

use super::*;

#[async_trait]
impl EnterpriseStore for DbTx {
    async fn enterprise(&mut self, id: i64) -> Result<Option<Enterprise>> {
        let row = sqlx::query("SELECT id, number, name, status FROM enterprises WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.as_ref().map(enterprise).transpose()
    }
    async fn enterprise_by_number(
        &mut self,
        number: &EnterpriseNumber,
    ) -> Result<Option<Enterprise>> {
        let row = sqlx::query("SELECT id, number, name, status FROM enterprises WHERE number = $1")
            .bind(number.digits())
            .fetch_optional(&mut *self.tx)
            .await?;
        row.as_ref().map(enterprise).transpose()
    }
    async fn insert_enterprise(
        &mut self,
        number: &EnterpriseNumber,
        name: &str,
        now: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO enterprises (number, name, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(number.digits())
        .bind(name)
        .bind(timestamp(now))
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.get(0))
    }
    async fn set_enterprise_status(&mut self, id: i64, status: EnterpriseStatus) -> Result<()> {
        sqlx::query("UPDATE enterprises SET status = $1 WHERE id = $2")
            .bind(status.code())
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn enterprise_groups(&mut self, enterprise: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT group_code FROM enterprise_groups WHERE enterprise_id = $1 ORDER BY group_code",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
    async fn add_enterprise_group(&mut self, enterprise: i64, group: &str) -> Result<()> {
        sqlx::query("INSERT INTO enterprise_groups (enterprise_id, group_code) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(enterprise)
            .bind(group)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn enterprises_of(&mut self, person: i64) -> Result<Vec<Enterprise>> {
        let rows = sqlx::query(
            "SELECT id, number, name, status FROM enterprises WHERE id IN (
                 SELECT enterprise_id FROM staff WHERE person_id = $1
                 UNION SELECT enterprise_id FROM mandates WHERE person_id = $1)
             ORDER BY name, id",
        )
        .bind(person)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter().map(enterprise).collect()
    }
    async fn person(&mut self, id: i64) -> Result<Option<Person>> {
        let row = sqlx::query("SELECT id, national_number, name FROM people WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.as_ref().map(person).transpose()
    }
    async fn person_by_national_number(&mut self, nn: &NationalNumber) -> Result<Option<Person>> {
        let row =
            sqlx::query("SELECT id, national_number, name FROM people WHERE national_number = $1")
                .bind(nn.digits())
                .fetch_optional(&mut *self.tx)
                .await?;
        row.as_ref().map(person).transpose()
    }
    async fn insert_person(&mut self, nn: Option<&NationalNumber>, name: &str) -> Result<i64> {
        let row =
            sqlx::query(
                "INSERT INTO people (national_number, name, name_key) VALUES ($1, $2, $3) RETURNING id",
            )
                .bind(nn.map(|n| n.digits()))
                .bind(name)
                .bind(domain::contact::search_key(name))
                .fetch_one(&mut *self.tx)
                .await?;
        Ok(row.get(0))
    }
    async fn set_person_name(&mut self, id: i64, name: &str) -> Result<()> {
        sqlx::query("UPDATE people SET name = $1, name_key = $2 WHERE id = $3")
            .bind(name)
            .bind(domain::contact::search_key(name))
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        sqlx::query(SYNC_MEMBER_NAMES)
            .bind(id)
            .bind(0i64)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn set_person_contact(&mut self, id: i64, email: &str, mobile: &str) -> Result<()> {
        sqlx::query("UPDATE people SET email = $1, mobile = $2 WHERE id = $3")
            .bind(email)
            .bind(mobile)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn person_contact(&mut self, id: i64) -> Result<(Option<String>, Option<String>)> {
        let row = sqlx::query("SELECT email, mobile FROM people WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))).unwrap_or((None, None)))
    }
    async fn person_language(&mut self, id: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT language FROM people WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.and_then(|r| r.get(0)))
    }
    async fn set_person_language(&mut self, id: i64, language: &str) -> Result<()> {
        sqlx::query("UPDATE people SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn person_in_enterprise(
        &mut self,
        enterprise: i64,
        nn: &NationalNumber,
    ) -> Result<Option<Person>> {
        let row = sqlx::query(
            "SELECT p.id, p.national_number, COALESCE(s.name, p.name) AS name
             FROM people p
             LEFT JOIN staff s ON s.enterprise_id = $1 AND s.person_id = p.id
             WHERE p.national_number = $2 AND (
                 s.person_id IS NOT NULL
                 OR EXISTS (SELECT 1 FROM memberships m WHERE m.enterprise_id = $1 AND m.person_id = p.id)
                 OR EXISTS (SELECT 1 FROM mandates x WHERE x.enterprise_id = $1 AND x.person_id = p.id))",
        )
        .bind(enterprise)
        .bind(nn.digits())
        .fetch_optional(&mut *self.tx)
        .await?;
        row.as_ref().map(person).transpose()
    }
    async fn is_staff(&mut self, enterprise: i64, person: i64) -> Result<bool> {
        let row = sqlx::query("SELECT 1 FROM staff WHERE enterprise_id = $1 AND person_id = $2")
            .bind(enterprise)
            .bind(person)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.is_some())
    }
    async fn add_staff(&mut self, enterprise: i64, person: i64, name: Option<&str>) -> Result<()> {
        sqlx::query(
            "INSERT INTO staff (enterprise_id, person_id, name, name_key) VALUES ($1, $2, $3, $4)
             ON CONFLICT (enterprise_id, person_id) DO UPDATE SET
                 name = COALESCE(excluded.name, staff.name),
                 name_key = COALESCE(excluded.name_key, staff.name_key)",
        )
        .bind(enterprise)
        .bind(person)
        .bind(name)
        .bind(name.map(domain::contact::search_key))
        .execute(&mut *self.tx)
        .await?;
        if name.is_some() {
            sqlx::query(SYNC_MEMBER_NAMES)
                .bind(person)
                .bind(enterprise)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }
    async fn staff(&mut self, enterprise: i64) -> Result<Vec<Person>> {
        let rows = sqlx::query(
            "SELECT p.id, p.national_number, COALESCE(s.name, p.name) AS name
             FROM staff s JOIN people p ON p.id = s.person_id
             WHERE s.enterprise_id = $1 ORDER BY COALESCE(s.name, p.name), p.id",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter().map(person).collect()
    }
}
