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
/// keys: case and accents do not count), and the digits a national number starts with
/// (searched as a range of the unique index: `digits` ≤ number < `digits:`).
pub(super) fn patterns(query: &str) -> (String, String) {
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
        .map(|digits| digits.to_owned())
        .unwrap_or_default();
    (format!("%{escaped}%"), nn)
}

use crate::store::statements::{self, MEMBER_COLUMNS};

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
        // Kept by triggers on every membership written (migrations 0010 / 0002).
        let rows = sqlx::query(
            "SELECT group_code, users, blocked FROM group_totals
             WHERE enterprise_id = $1 ORDER BY group_code",
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
        if query.trim().is_empty() {
            // The whole group: its kept total, and one page read from the name index (the
            // rows skipped are index entries, not joined rows).
            let total: Option<i64> = sqlx::query_scalar(
                "SELECT users FROM group_totals WHERE enterprise_id = $1 AND group_code = $2",
            )
            .bind(enterprise)
            .bind(group)
            .fetch_optional(&mut *self.tx)
            .await?;
            let rows = sqlx::query(&statements::group_page())
                .bind(enterprise)
                .bind(group)
                .bind(limit as i64)
                .bind(offset as i64)
                .fetch_all(&mut *self.tx)
                .await?;
            return Ok((
                rows.iter().map(member).collect::<Result<_>>()?,
                total.unwrap_or(0).max(0) as u64,
            ));
        }
        // A query of digits (with R2's separators) is a national number; anything else a name.
        let (name, digits) = patterns(query);
        let by_number = !digits.is_empty();
        let searched = if by_number { &digits } else { &name };
        let total: i64 = sqlx::query_scalar(&statements::search_count(by_number))
            .bind(enterprise)
            .bind(group)
            .bind(searched)
            .fetch_one(&mut *self.tx)
            .await?;
        let rows = sqlx::query(&statements::search_page(by_number))
            .bind(enterprise)
            .bind(group)
            .bind(searched)
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
             AND (COALESCE(s.name_key, p.name_key) LIKE $2 ESCAPE '\\' OR ($3 <> '' AND p.national_number >= $3 AND p.national_number < $3 || ':'))"
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
        // With the member's name as this enterprise shows it, and its search key.
        sqlx::query(
            "INSERT INTO memberships (enterprise_id, group_code, person_id, services, created_at, name, name_key)
             SELECT $1, $2, p.id, $4, $5, COALESCE(s.name, p.name), COALESCE(s.name_key, p.name_key, '')
             FROM people p LEFT JOIN staff s ON s.enterprise_id = $1 AND s.person_id = p.id
             WHERE p.id = $3",
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
            ("%85.07.30%".to_owned(), "850730".to_owned())
        );
    }
}
