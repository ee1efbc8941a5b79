//! Memberships of the permission groups (R6–R10), with search and paging.

use super::*;

fn split_codes(s: Option<String>) -> Vec<String> {
    s.unwrap_or_default()
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `LIKE` patterns for a search: the text's search key for names (compared with the names'
/// keys: case and accents do not count), its digits for national numbers.
fn patterns(query: &str) -> (String, String) {
    let q = query.trim();
    let escaped: String = domain::contact::search_key(q)
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    // A query of digits (with the separators of R2) also searches national numbers.
    let nn = domain::national_number::search_digits(q)
        .map(|digits| format!("%{digits}%"))
        .unwrap_or_default();
    (format!("%{escaped}%"), nn)
}

const MEMBER_COLUMNS: &str = "m.person_id, p.national_number, COALESCE(s.name, p.name) AS name, m.group_code, m.services, m.blocked,
    EXISTS (SELECT 1 FROM mandates x WHERE x.enterprise_id = m.enterprise_id AND x.person_id = m.person_id
            AND x.kind = 'main_access_manager') AS is_mam";

fn member(row: &DbRow) -> Result<MemberRecord> {
    Ok(MemberRecord {
        person_id: row.get("person_id"),
        national_number: national_number(row.get("national_number"))?,
        name: row.get("name"),
        group: row.get("group_code"),
        services: split_codes(row.get("services")),
        blocked: row.get::<bool, _>("blocked"),
        is_main_access_manager: row.get::<bool, _>("is_mam"),
    })
}

#[async_trait]
impl MembershipStore for DbTx {
    async fn membership(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
    ) -> Result<Option<MemberRecord>> {
        let sql = format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
                 LEFT JOIN staff s ON s.enterprise_id = m.enterprise_id AND s.person_id = m.person_id
             WHERE m.enterprise_id = $1 AND m.group_code = $2 AND m.person_id = $3"
        );
        let row = sqlx::query(&sql)
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.as_ref().map(member).transpose()
    }
    async fn memberships_of(&mut self, enterprise: i64, person: i64) -> Result<Vec<MemberRecord>> {
        let sql = format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
                 LEFT JOIN staff s ON s.enterprise_id = m.enterprise_id AND s.person_id = m.person_id
             WHERE m.enterprise_id = $1 AND m.person_id = $2 ORDER BY m.group_code"
        );
        let rows = sqlx::query(&sql)
            .bind(enterprise)
            .bind(person)
            .fetch_all(&mut *self.tx)
            .await?;
        rows.iter().map(member).collect()
    }
    async fn group_counts(&mut self, enterprise: i64) -> Result<Vec<GroupCount>> {
        let rows = sqlx::query(
            "SELECT g.group_code, COUNT(m.person_id) AS users, COALESCE(SUM(CASE WHEN m.blocked THEN 1 ELSE 0 END), 0) AS blocked
             FROM enterprise_groups g LEFT JOIN memberships m
               ON m.enterprise_id = g.enterprise_id AND m.group_code = g.group_code
             WHERE g.enterprise_id = $1 GROUP BY g.group_code ORDER BY g.group_code",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .iter()
            .map(|r| GroupCount {
                group: r.get("group_code"),
                users: r.get::<i64, _>("users") as u64,
                blocked: r.get::<i64, _>("blocked") as u64,
            })
            .collect())
    }
    async fn search_members(
        &mut self,
        enterprise: i64,
        group: &str,
        query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<MemberRecord>, u64)> {
        let (name, nn) = patterns(query);
        let filter = "m.enterprise_id = $1 AND m.group_code = $2
            AND (COALESCE(s.name_key, p.name_key) LIKE $3 ESCAPE '\\' OR ($4 <> '' AND p.national_number LIKE $4))";
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM memberships m JOIN people p ON p.id = m.person_id
                 LEFT JOIN staff s ON s.enterprise_id = m.enterprise_id AND s.person_id = m.person_id WHERE {filter}"
        ))
        .bind(enterprise)
        .bind(group)
        .bind(&name)
        .bind(&nn)
        .fetch_one(&mut *self.tx)
        .await?;
        let rows = sqlx::query(&format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
                 LEFT JOIN staff s ON s.enterprise_id = m.enterprise_id AND s.person_id = m.person_id
             WHERE {filter} ORDER BY COALESCE(s.name, p.name), p.id LIMIT $5 OFFSET $6"
        ))
        .bind(enterprise)
        .bind(group)
        .bind(&name)
        .bind(&nn)
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok((
            rows.iter().map(member).collect::<Result<_>>()?,
            total as u64,
        ))
    }
    async fn search_users(
        &mut self,
        enterprise: i64,
        groups: &[String],
        query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<UserRecord>, u64)> {
        if groups.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let (name, nn) = patterns(query);
        // The groups as a list of parameters ($4, $5, …): plain SQL on every backend.
        let list = placeholders(4, groups.len());
        let filter = format!(
            "EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id
                 AND m.enterprise_id = $1 AND m.group_code IN ({list}))
             AND (COALESCE(s.name_key, p.name_key) LIKE $2 ESCAPE '\\' OR ($3 <> '' AND p.national_number LIKE $3))"
        );
        // The name the enterprise's staff register gives, else the person's own.
        let people = "people p LEFT JOIN staff s ON s.enterprise_id = $1 AND s.person_id = p.id";
        let count_sql = format!("SELECT COUNT(*) FROM {people} WHERE {filter}");
        let mut count = sqlx::query_scalar(&count_sql)
            .bind(enterprise)
            .bind(&name)
            .bind(&nn);
        for g in groups {
            count = count.bind(g);
        }
        let total: i64 = count.fetch_one(&mut *self.tx).await?;
        let page_sql = format!(
            "SELECT p.id, p.national_number, COALESCE(s.name, p.name) AS name FROM {people}
             WHERE {filter} ORDER BY COALESCE(s.name, p.name), p.id LIMIT ${} OFFSET ${}",
            4 + groups.len(),
            5 + groups.len()
        );
        let mut page = sqlx::query(&page_sql)
            .bind(enterprise)
            .bind(&name)
            .bind(&nn);
        for g in groups {
            page = page.bind(g);
        }
        let people = page
            .bind(limit as i64)
            .bind(offset as i64)
            .fetch_all(&mut *self.tx)
            .await?;
        if people.is_empty() {
            return Ok((Vec::new(), total as u64));
        }
        // The page's memberships in one query, not one per person.
        let ids: Vec<i64> = people.iter().map(|p| p.get("id")).collect();
        let memberships_sql = format!(
            "SELECT person_id, group_code, blocked FROM memberships
             WHERE enterprise_id = $1 AND person_id IN ({}) ORDER BY group_code",
            placeholders(2, ids.len())
        );
        let mut memberships = sqlx::query(&memberships_sql).bind(enterprise);
        for id in &ids {
            memberships = memberships.bind(id);
        }
        let memberships = memberships.fetch_all(&mut *self.tx).await?;
        let mut users = Vec::with_capacity(people.len());
        for (p, id) in people.iter().zip(&ids) {
            let mut user = UserRecord {
                national_number: national_number(p.get("national_number"))?,
                name: p.get("name"),
                groups: Vec::new(),
                blocked_groups: Vec::new(),
            };
            for m in memberships
                .iter()
                .filter(|m| m.get::<i64, _>("person_id") == *id)
            {
                let group: String = m.get("group_code");
                if groups.contains(&group) {
                    if m.get::<bool, _>("blocked") {
                        user.blocked_groups.push(group.clone());
                    }
                    user.groups.push(group);
                }
            }
            users.push(user);
        }
        Ok((users, total as u64))
    }
    async fn insert_membership(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        services: &[String],
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO memberships (enterprise_id, group_code, person_id, services, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(enterprise)
        .bind(group)
        .bind(person)
        .bind(services.join(","))
        .bind(timestamp(now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
    async fn set_blocked(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        blocked: bool,
    ) -> Result<()> {
        sqlx::query("UPDATE memberships SET blocked = $1 WHERE enterprise_id = $2 AND group_code = $3 AND person_id = $4")
            .bind(blocked)
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn set_services(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        services: &[String],
    ) -> Result<()> {
        sqlx::query("UPDATE memberships SET services = $1 WHERE enterprise_id = $2 AND group_code = $3 AND person_id = $4")
            .bind(services.join(","))
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn delete_membership(&mut self, enterprise: i64, group: &str, person: i64) -> Result<()> {
        sqlx::query("DELETE FROM memberships WHERE enterprise_id = $1 AND group_code = $2 AND person_id = $3")
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::patterns;

    #[test]
    fn search_patterns_escape_wildcards_and_extract_digits() {
        assert_eq!(
            patterns(" 50%_a "),
            ("%50\\%\\_a%".to_owned(), String::new())
        );
        assert_eq!(
            patterns("Jan 2"),
            ("%jan 2%".to_owned(), String::new()),
            "names with digits"
        );
        assert_eq!(
            patterns("Hélène"),
            ("%helene%".to_owned(), String::new()),
            "the search key: case and accents do not count"
        );
        assert_eq!(
            patterns("85.07.30"),
            ("%85.07.30%".to_owned(), "%850730%".to_owned())
        );
    }
}
