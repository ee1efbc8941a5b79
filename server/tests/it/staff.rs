//! Who a typed national number is (R4, R7): a manager asks the enterprise's staff
//! register as they type; nobody else may, nothing outside the enterprise is told, and
//! the look-ups are limited per person.

use crate::common::*;
use app::api::StaffLookup;
use reqwest::StatusCode;
use server::demo::{staff_name, staff_number, OUTSIDER};

#[tokio::test]
async fn a_manager_sees_who_a_number_is_in_the_staff_register_and_nothing_more() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    // Staff, written any way: the name the register gives.
    let nn = staff_number(35);
    let dotted = app::lang::format_national_number(nn);
    let found: StaffLookup = call_ok(&mam, &s, "staff_name", &[("national_number", &dotted)]).await;
    assert_eq!(found, StaffLookup { national_number: nn.into(), name: Some(staff_name(35)) });
    // A person the portal knows, but not as this enterprise's staff: not told.
    let outsider: StaffLookup = call_ok(&mam, &s, "staff_name", &[("national_number", OUTSIDER.0)]).await;
    assert_eq!(outsider.name, None);
    // Not a national number (R2): refused as such.
    let (st, err) = call_err(&mam, &s, "staff_name", &[("national_number", "85073003329")]).await;
    assert_eq!((st, err.problems[0].code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "national_number.checksum"));

    // A group manager asks too; a user without a mandate may not.
    let gm = s.signed_in(staff_number(42)).await;
    let _: StaffLookup = call_ok(&gm, &s, "staff_name", &[("national_number", nn)]).await;
    let user = s.signed_in(staff_number(0)).await;
    let (st, err) = call_err(&user, &s, "staff_name", &[("national_number", nn)]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.staff_lookup_needs_manager")
    );

    // Limited per person: the register cannot be read out number by number.
    let mut refused = None;
    for i in 0..=domain::rules::STAFF_LOOKUPS_PER_MINUTE as usize {
        let (st, body) = call(&gm, &s, "staff_name", &[("national_number", staff_number(i))]).await;
        if st != StatusCode::OK {
            refused = Some((i, st, code_of(&body)));
            break;
        }
    }
    // One look-up went before the loop.
    assert_eq!(
        refused,
        Some((
            domain::rules::STAFF_LOOKUPS_PER_MINUTE as usize - 1,
            StatusCode::TOO_MANY_REQUESTS,
            "rule.too_many_lookups".to_owned()
        ))
    );
    // Another manager is not held back by it.
    let _: StaffLookup = call_ok(&mam, &s, "staff_name", &[("national_number", nn)]).await;
}
