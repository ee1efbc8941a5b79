//! A person's language (DESIGN.md §1): chosen in any page's switcher, kept for their next
//! sign-in and for the e-mails and SMS sent to them.

use super::Toegang;
use crate::store::{AuditEntry, StoreError};

impl Toegang {
    /// Keeps `language` (`nl`, `fr`, `de`, `en`) as the signed-in person's choice, with an
    /// audit row; choosing the language one has already changes nothing.
    pub async fn choose_language(
        &self,
        person: i64,
        enterprise: i64,
        language: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.store.write_in(enterprise).await?;
        let before = tx.person_language(person).await?;
        if before.as_deref() == Some(language) {
            return Ok(());
        }
        tx.set_person_language(person, language).await?;
        let audit = AuditEntry::new(enterprise, "person.language", self.clock.now())
            .by(person)
            .subject(person)
            .before(serde_json::json!({ "language": before }))
            .after(serde_json::json!({ "language": language }));
        tx.audit(&audit).await?;
        tx.commit().await
    }

    /// The language a person chose, if any.
    pub async fn language_of(&self, person: i64) -> Result<Option<String>, StoreError> {
        self.store.read().await?.person_language(person).await
    }
}
