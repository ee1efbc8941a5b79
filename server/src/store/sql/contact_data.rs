//! ContactData (R11).

use super::*;

#[async_trait]
impl ContactDataStore for DbTx {
    async fn contact_data(
        &mut self,
        enterprise: i64,
    ) -> Result<Option<domain::contact_data::EnterpriseContact>> {
        let row = sqlx::query(
            "SELECT street, postal_code, municipality, email, phone, language, country FROM contact_data WHERE enterprise_id = $1",
        )
        .bind(enterprise)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(|r| domain::contact_data::EnterpriseContact {
            street: r.get(0),
            postal_code: r.get(1),
            municipality: r.get(2),
            email: r.get(3),
            phone: r.get(4),
            language: r.get(5),
            country: r.get(6),
        }))
    }
    async fn set_contact_data(
        &mut self,
        enterprise: i64,
        c: &domain::contact_data::EnterpriseContact,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO contact_data (enterprise_id, street, postal_code, municipality, email, phone, language, country)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (enterprise_id) DO UPDATE SET street = excluded.street,
                 postal_code = excluded.postal_code, municipality = excluded.municipality,
                 email = excluded.email, phone = excluded.phone, language = excluded.language,
                 country = excluded.country",
        )
        .bind(enterprise)
        .bind(&c.street)
        .bind(&c.postal_code)
        .bind(&c.municipality)
        .bind(&c.email)
        .bind(&c.phone)
        .bind(&c.language)
        .bind(&c.country)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
    async fn contact_persons(
        &mut self,
        enterprise: i64,
    ) -> Result<Vec<(String, domain::contact_data::ContactPerson)>> {
        let rows = sqlx::query(
            "SELECT group_code, name, email, phone FROM contact_persons WHERE enterprise_id = $1 ORDER BY group_code",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    domain::contact_data::ContactPerson {
                        name: r.get(1),
                        email: r.get(2),
                        phone: r.get(3),
                    },
                )
            })
            .collect())
    }
    async fn set_contact_person(
        &mut self,
        enterprise: i64,
        group: &str,
        p: &domain::contact_data::ContactPerson,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO contact_persons (enterprise_id, group_code, name, email, phone)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (enterprise_id, group_code) DO UPDATE SET name = excluded.name,
                 email = excluded.email, phone = excluded.phone",
        )
        .bind(enterprise)
        .bind(group)
        .bind(&p.name)
        .bind(&p.email)
        .bind(&p.phone)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}
