//! Paging, the same for every list: 20 rows a page, page numbers from 1, a page past the
//! last one shows the last one.

/// Rows per page on the group page, the users list and the e-Box.
pub const PER_PAGE: u32 = 20;

/// The page asked for, within bounds.
pub(super) fn first(page: u32) -> u32 {
    page.clamp(1, 1_000_000)
}

/// (offset, limit) of a page.
pub(super) fn window(page: u32) -> (u64, u64) {
    (((page - 1) * PER_PAGE) as u64, PER_PAGE as u64)
}

/// The last page for `total` rows, when `page` (which came back empty) lies past it.
pub(super) fn past_end(page: u32, total: u64, empty: bool) -> Option<u32> {
    let last = total.div_ceil(PER_PAGE as u64).max(1) as u32;
    (empty && page > last).then_some(last)
}

/// One page of a list: `$fetch` reads rows `$offset..$offset + $limit` and the total; a
/// page past the end reads the last page instead. Gives `(rows, total, page)`.
macro_rules! paged {
    ($page:expr, |$offset:ident, $limit:ident| $fetch:expr) => {{
        let mut page = $crate::service::paging::first($page);
        loop {
            let ($offset, $limit) = $crate::service::paging::window(page);
            let (rows, total) = $fetch.await?;
            match $crate::service::paging::past_end(page, total, rows.is_empty()) {
                Some(last) => page = last,
                None => break (rows, total, page),
            }
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_bounded_and_a_page_past_the_end_is_the_last() {
        assert_eq!(first(0), 1);
        assert_eq!(window(1), (0, 20));
        assert_eq!(window(3), (40, 20));
        assert_eq!(past_end(5, 41, true), Some(3));
        assert_eq!(past_end(3, 41, false), None);
        assert_eq!(past_end(2, 0, true), Some(1));
        assert_eq!(past_end(1, 0, true), None);
    }
}
