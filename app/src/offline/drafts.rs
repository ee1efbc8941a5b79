//! Drafts: what is typed into a form is kept in the browser as one types, per person,
//! enterprise and form, and put back when the form is shown again (after a reload, a
//! crashed tab, or navigating away and back). It goes when the change is applied or the
//! person discards it; a refused queued change puts its input back. Hidden fields (the
//! form's own key, the group, the person acted on) are never kept: they come from the page.

use super::queue::Owner;

/// Where a form's draft is kept.
pub fn key(owner: Owner, form: &str) -> String {
    format!("{}{}.{}.{form}", PREFIX, owner.person, owner.enterprise)
}

/// The prefix of every draft's key.
pub const PREFIX: &str = "toegang.draft.";

/// The form ids of the owner's drafts, from the keys in storage.
pub fn forms_of(owner: Owner, keys: impl IntoIterator<Item = String>) -> Vec<String> {
    let mine = key(owner, "");
    keys.into_iter()
        .filter_map(|k| k.strip_prefix(&mine).map(str::to_owned))
        .collect()
}

/// Whether a field is kept in a draft.
pub fn kept(name: &str, kind: &str) -> bool {
    kind != "hidden" && kind != "submit" && name != "idempotency_key" && !name.is_empty()
}

#[cfg(feature = "hydrate")]
pub use browser::*;

#[cfg(feature = "hydrate")]
mod browser {
    use super::super::browser::{owner, read, write};
    use super::*;
    use wasm_bindgen::JsCast;

    /// Keeps what the form holds now.
    pub fn save_form(o: Owner, form: &web_sys::HtmlFormElement) {
        let Some(id) = form.get_attribute("data-draft") else {
            return;
        };
        let mut fields = Vec::new();
        let elements = form.elements();
        for i in 0..elements.length() {
            let Some(el) = elements.item(i) else { continue };
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                let kind = input.type_();
                if !kept(&input.name(), &kind) {
                    continue;
                }
                if kind == "checkbox" || kind == "radio" {
                    if input.checked() {
                        fields.push((input.name(), input.value()));
                    } else {
                        fields.push((format!("{}#unchecked", input.name()), input.value()));
                    }
                } else {
                    fields.push((input.name(), input.value()));
                }
            } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                if kept(&select.name(), "select") {
                    fields.push((select.name(), select.value()));
                }
            } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                if kept(&area.name(), "textarea") {
                    fields.push((area.name(), area.value()));
                }
            }
        }
        put(o, &id, &fields);
    }

    /// Keeps `fields` as the draft of form `id`.
    pub fn put(o: Owner, id: &str, fields: &[(String, String)]) {
        write(&key(o, id), serde_json::to_string(fields).ok().as_deref());
    }

    pub fn clear(o: Owner, id: &str) {
        write(&key(o, id), None);
    }

    fn get(o: Owner, id: &str) -> Option<Vec<(String, String)>> {
        serde_json::from_str(&read(&key(o, id))?).ok()
    }

    /// The ids of this person's drafts.
    pub fn list() -> Vec<String> {
        let (Some(o), Some(s)) = (owner(), web_sys::window().and_then(|w| w.local_storage().ok().flatten())) else {
            return Vec::new();
        };
        let n = s.length().unwrap_or(0);
        forms_of(o, (0..n).filter_map(|i| s.key(i).ok().flatten()))
    }

    /// Puts every draft back into its form on the page.
    pub fn restore_all() {
        let (Some(o), Some(doc)) = (owner(), web_sys::window().and_then(|w| w.document())) else {
            return;
        };
        let Ok(forms) = doc.query_selector_all("form[data-draft]") else {
            return;
        };
        for i in 0..forms.length() {
            let Some(form) = forms.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
                continue;
            };
            let Some(id) = form.get_attribute("data-draft") else { continue };
            if let Some(fields) = get(o, &id) {
                restore(&form, &fields);
            }
        }
    }

    fn restore(form: &web_sys::HtmlFormElement, fields: &[(String, String)]) {
        let elements = form.elements();
        for i in 0..elements.length() {
            let Some(el) = elements.item(i) else { continue };
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                let (name, kind) = (input.name(), input.type_());
                if !kept(&name, &kind) {
                    continue;
                }
                if kind == "checkbox" || kind == "radio" {
                    let value = input.value();
                    if fields.iter().any(|(k, v)| *k == name && *v == value) {
                        input.set_checked(true);
                    } else if fields.iter().any(|(k, v)| *k == format!("{name}#unchecked") && *v == value) {
                        input.set_checked(false);
                    }
                } else if let Some((_, v)) = fields.iter().find(|(k, _)| *k == name) {
                    input.set_value(v);
                }
            } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                if let Some((_, v)) = fields.iter().find(|(k, _)| *k == select.name()) {
                    select.set_value(v);
                }
            } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                if let Some((_, v)) = fields.iter().find(|(k, _)| *k == area.name()) {
                    area.set_value(v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_belong_to_one_person_and_enterprise() {
        let an = Owner { person: 1, enterprise: 7 };
        let bart = Owner { person: 2, enterprise: 7 };
        assert_eq!(key(an, "add-user-werkgever"), "toegang.draft.1.7.add-user-werkgever");
        let keys = [key(an, "a"), key(bart, "b"), "toegang.queue".to_owned(), key(an, "c")];
        assert_eq!(forms_of(an, keys.clone()), ["a", "c"]);
        assert_eq!(forms_of(bart, keys), ["b"]);
    }

    #[test]
    fn hidden_fields_and_the_key_are_never_kept() {
        assert!(kept("national_number", "text"));
        assert!(kept("services[]", "checkbox"));
        assert!(!kept("group", "hidden"));
        assert!(!kept("idempotency_key", "text"));
        assert!(!kept("", "text"));
    }
}
