//! Who a national number is, before a manager acts on it (R4, R7): the name the
//! enterprise's staff register gives the person, asked as the manager types.

use super::RuleError;
use crate::mandate::Mandates;

/// Look-ups in the staff register per person per minute: plenty for typing numbers one
/// by one, far too few for reading the register out.
pub const STAFF_LOOKUPS_PER_MINUTE: u32 = 30;

/// R4, R7: only a manager (who adds users or appoints helpers, and only those need a
/// person's name before acting) asks the enterprise's staff register who a national
/// number is; nobody learns about other enterprises (the server looks within the
/// manager's own enterprise only).
pub fn check_staff_lookup(actor: &Mandates) -> Result<(), RuleError> {
    if actor.is_manager() {
        Ok(())
    } else {
        Err(RuleError::StaffLookupNeedsManager)
    }
}

/// R4, R7: at most [`STAFF_LOOKUPS_PER_MINUTE`] look-ups a minute (`within_limit` comes
/// from the server's per-person counter).
pub fn check_lookup_rate(within_limit: bool) -> Result<(), RuleError> {
    if within_limit {
        Ok(())
    } else {
        Err(RuleError::TooManyLookups)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mandate::Mandate;

    #[test]
    fn managers_look_up_names_and_nobody_else() {
        let gm = Mandates(vec![Mandate::GroupManager("werkgever".into())]);
        assert_eq!(check_staff_lookup(&gm), Ok(()));
        assert_eq!(check_staff_lookup(&Mandates(vec![Mandate::MainAccessManager])), Ok(()));
        assert_eq!(
            check_staff_lookup(&Mandates::default()),
            Err(RuleError::StaffLookupNeedsManager)
        );
    }

    #[test]
    fn look_ups_are_limited() {
        assert_eq!(check_lookup_rate(true), Ok(()));
        assert_eq!(check_lookup_rate(false), Err(RuleError::TooManyLookups));
    }
}
