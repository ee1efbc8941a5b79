//! The time of one authorization decision of `domain` (issue 12's target: under 1 µs):
//! what every page and every server function decides before reading or writing.

use criterion::{criterion_group, criterion_main, Criterion};
use domain::catalogue::Catalogue;
use domain::rules::{self, Actor, EnterpriseStatus, Membership};
use domain::{Mandate, Mandates, NationalNumber};
use std::hint::black_box;

fn decisions(c: &mut Criterion) {
    let catalogue = Catalogue::get();
    let werkgever = catalogue.role("werkgever").expect("the catalogue's Werkgever");
    let group_manager = Actor {
        national_number: Some(NationalNumber::parse("74020422361").unwrap()),
        mandates: Mandates(vec![Mandate::GroupManager("werkgever".into())]),
    };
    let access_manager = Actor {
        national_number: Some(NationalNumber::parse("93051822361").unwrap()),
        mandates: Mandates(vec![
            Mandate::AccessManager("fiscaliteit".into()),
            Mandate::GroupManager("belastingplichtige".into()),
        ]),
    };
    let member = Membership {
        group: werkgever,
        person: NationalNumber::parse("60010110070").unwrap(),
        person_is_main_access_manager: false,
        blocked: false,
    };
    c.bench_function("R6 manages_group (group manager)", |b| {
        b.iter(|| rules::manages_group(black_box(&group_manager.mandates), black_box(werkgever)))
    });
    c.bench_function("R8 check_block_in_group (allowed)", |b| {
        b.iter(|| rules::check_block_in_group(black_box(&group_manager), black_box(&member)))
    });
    c.bench_function("R8 check_block_in_group (refused: access manager of another domain)", |b| {
        b.iter(|| rules::check_block_in_group(black_box(&access_manager), black_box(&member)))
    });
    c.bench_function("R3 check_sign_in", |b| {
        b.iter(|| rules::check_sign_in(black_box(EnterpriseStatus::Active), black_box(&group_manager.mandates)))
    });
    c.bench_function("R2 NationalNumber::parse", |b| {
        b.iter(|| NationalNumber::parse(black_box("85.07.30-033.28")))
    });
}

criterion_group!(benches, decisions);
criterion_main!(benches);
