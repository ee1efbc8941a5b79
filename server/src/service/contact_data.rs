//! ContactData (R11): the enterprise's address and general contact, a contact person per
//! role, and their history (the audit log's `contactdata.*` rows).

use super::{reach, Toegang};
use app::api::*;
use app::port::{ContactData, SignedIn};
use domain::contact_data::{parse_contact_person, parse_enterprise_contact, AddressInput};
use domain::rules;
use serde_json::json;

#[async_trait::async_trait]
impl ContactData for Toegang {
    async fn contact_data_view(&self, who: &SignedIn) -> Result<ContactDataView, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.contact_data)?; // R11
        let contact = tx.contact_data(who.enterprise_id).await?;
        let mut persons = tx.contact_persons(who.enterprise_id).await?;
        let roles = ctx
            .groups
            .iter()
            .map(|g| {
                let p = persons
                    .iter()
                    .position(|(code, _)| *code == g.code)
                    .map(|i| persons.swap_remove(i).1);
                (g.code.clone(), p)
            })
            .collect();
        let history = tx
            .history(who.enterprise_id, "contactdata.", 50)
            .await?
            .into_iter()
            .map(|h| HistoryItem {
                at: crate::clock::stored_moment(&h.at),
                who: h.actor.unwrap_or_else(|| "—".into()),
                what: h.target,
                before: object_fields(h.before),
                after: object_fields(h.after),
            })
            .collect();
        Ok(ContactDataView {
            me: ctx.me,
            contact,
            roles,
            history,
        })
    }

    async fn save_contact_data(
        &self,
        who: &SignedIn,
        form: &AddressForm,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        self.admit(who, |p| p.contact_data).await?; // R11, before the input
        let address = AddressInput {
            country: &form.country,
            street: &form.street,
            postal_code: &form.postal_code,
            municipality: &form.municipality,
        };
        let contact = parse_enterprise_contact(
            address,
            &form.email,
            &form.phone,
            &form.language,
        )?;
        let fingerprint = serde_json::to_string(&contact).unwrap_or_default();
        let Some(mut change) = self
            .begin(who, idempotency_key, "contactdata.address", &fingerprint)
            .await?
        else {
            return Ok(());
        };
        reach(change.ctx.me.portal.contact_data)?; // R11
        let before = change.tx.contact_data(who.enterprise_id).await?;
        // R11: the address that receives the e-Box notifications, and the language they
        // are written in, are the managers' to change.
        let old_email = before.as_ref().map(|b| b.email.as_str()).unwrap_or("");
        let old_language = before.as_ref().map(|b| b.language.as_str()).unwrap_or("nl");
        rules::check_notification_address_change(
            &change.ctx.actor,
            old_email != contact.email || old_language != contact.language,
        )?;
        if before.as_ref() == Some(&contact) {
            return change.commit_unchanged().await; // nothing changed, nothing to record
        }
        change
            .tx
            .set_contact_data(who.enterprise_id, &contact)
            .await?;
        let mut audit = change
            .audit("contactdata.address")
            .scope("address")
            .target("address")
            .after(json!(contact));
        if let Some(b) = before {
            audit = audit.before(json!(b));
        }
        change.commit(audit).await
    }

    async fn save_contact_person(
        &self,
        who: &SignedIn,
        group: &str,
        form: &PersonForm,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        self.admit(who, |p| p.contact_data).await?; // R11, before the input
        let person = parse_contact_person(&form.name, &form.email, &form.phone)?;
        let fingerprint = format!(
            "{group}|{}",
            serde_json::to_string(&person).unwrap_or_default()
        );
        let Some(mut change) = self
            .begin(
                who,
                idempotency_key,
                "contactdata.contact_person",
                &fingerprint,
            )
            .await?
        else {
            return Ok(());
        };
        reach(change.ctx.me.portal.contact_data)?; // R11
        let role = change.ctx.group(group)?;
        let before = change
            .tx
            .contact_persons(who.enterprise_id)
            .await?
            .into_iter()
            .find(|(code, _)| *code == role.code)
            .map(|(_, p)| p);
        if before.as_ref() == Some(&person) {
            return change.commit_unchanged().await;
        }
        change
            .tx
            .set_contact_person(who.enterprise_id, &role.code, &person)
            .await?;
        let mut audit = change
            .audit("contactdata.contact_person")
            .scope(&role.code)
            .target(&role.code)
            .after(json!(person));
        if let Some(b) = before {
            audit = audit.before(json!(b));
        }
        change.commit(audit).await
    }
}
