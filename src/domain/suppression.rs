//! Suppression that holds (diskretionering): which cells of the management report may be
//! printed so that no hidden cell can be worked out from the printed ones.
//!
//! Primary suppression hides a count of 1–4 — and every count, zeros too, of a group with
//! fewer than [`MIN_GROUP`] cases (an exact 0 about two children says something about both).
//! That is not enough on its own: a team's total minus its other caseworkers, or a total minus
//! its other categories, gives the hidden cell back. So the report states its additive facts as
//! [`Relation`]s (`total = part + part + …`), and [`protect`] hides further cells
//! (complementary suppression) until no relation has exactly one hidden term: with two or more
//! hidden terms only their sum is known, never one of them.
//!
//! Rows left out of a table (a caseworker with fewer than 5 cases) are still in the total: they
//! enter a relation as a *residual* cell that is never printed but whose value anyone can work
//! out. It counts as hidden when the residual group is small or its value is 1–4.

/// Groups (teams, caseworkers) with fewer cases than this are suppressed whole.
pub const MIN_GROUP: u64 = 5;
/// Counts below this (except 0 in a large enough group) are suppressed.
pub const MIN_CELL: u64 = 5;

/// Why a cell is not printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Printed as it is.
    No,
    /// A small count, or any count of a small group: printed as `<5` (its value is 0–4).
    Small,
    /// Hidden so that another hidden cell cannot be derived: printed as `-` (any value).
    Complementary,
}

/// One figure in the report before printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub value: u64,
    pub hidden: Hidden,
    /// Never printed (a residual of rows left out); only ever a term of relations.
    pub residual: bool,
}

impl Cell {
    /// A printed count: 1–4 are small; in a group with fewer than [`MIN_GROUP`] cases every
    /// count is.
    pub fn count(value: u64, group_cases: u64) -> Self {
        let small = group_cases < MIN_GROUP || (1..MIN_CELL).contains(&value);
        Cell {
            value,
            hidden: if small { Hidden::Small } else { Hidden::No },
            residual: false,
        }
    }

    /// What is left of a total after the printed rows: `cases` cases, value `value`. Anyone can
    /// compute it, so it is "hidden" only when it would be a small group or a small count.
    pub fn residual(value: u64, cases: u64) -> Self {
        let mut cell = Cell::count(value, cases);
        cell.residual = true;
        cell
    }

    pub fn is_shown(&self) -> bool {
        self.hidden == Hidden::No
    }
}

/// `cells[total] = Σ cells[parts]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub total: usize,
    pub parts: Vec<usize>,
}

impl Relation {
    pub fn new(total: usize, parts: impl IntoIterator<Item = usize>) -> Self {
        Relation {
            total,
            parts: parts.into_iter().collect(),
        }
    }

    /// `a = b` in both directions (e.g. a share's whole and the count it is taken of).
    pub fn equal(a: usize, b: usize) -> [Relation; 2] {
        [Relation::new(a, [b]), Relation::new(b, [a])]
    }
}

/// Hides further cells until no relation with a printed total gives a hidden part away: not
/// with exactly one hidden part (total minus the others), and not with a printed remainder of
/// 0 (counts are never negative, so every hidden part would be 0). Each step hides the
/// smallest printed part of such a relation (the least information lost) — for a remainder of
/// 0 one that is not 0 — or, when no part is left to hide, the total itself. Terminates: every
/// step hides a cell.
pub fn protect(cells: &mut [Cell], relations: &[Relation]) {
    loop {
        let mut changed = false;
        for relation in relations {
            let total = cells[relation.total];
            if !total.is_shown() {
                continue;
            }
            let hidden = relation.parts.iter().filter(|&&p| !cells[p].is_shown()).count();
            let printed_sum: u64 = relation
                .parts
                .iter()
                .filter(|&&p| cells[p].is_shown())
                .map(|&p| cells[p].value)
                .sum();
            let nothing_left = total.value.saturating_sub(printed_sum) == 0;
            if hidden == 0 || (hidden > 1 && !nothing_left) {
                continue;
            }
            let candidate = relation
                .parts
                .iter()
                .copied()
                .filter(|&p| {
                    cells[p].is_shown() && !cells[p].residual && (!nothing_left || cells[p].value > 0)
                })
                .min_by_key(|&p| (cells[p].value, p));
            let target = candidate.unwrap_or(relation.total);
            if cells[target].residual {
                continue;
            }
            cells[target].hidden = Hidden::Complementary;
            changed = true;
        }
        if !changed {
            return;
        }
    }
}

/// Whether a hidden cell's value can still be worked out: for tests, every relation is tried
/// as an equation with one unknown, repeatedly (what an attacker holding the report can do).
pub fn derivable(cells: &[Cell], relations: &[Relation]) -> Vec<usize> {
    let mut known: Vec<bool> = cells
        .iter()
        .map(|c| c.is_shown() || c.residual && c.hidden == Hidden::No)
        .collect();
    loop {
        let mut changed = false;
        for r in relations {
            let terms: Vec<usize> = std::iter::once(r.total).chain(r.parts.iter().copied()).collect();
            let unknown: Vec<usize> = terms.iter().copied().filter(|&i| !known[i]).collect();
            if let [one] = unknown.as_slice() {
                known[*one] = true;
                changed = true;
            } else if !unknown.is_empty() && known[r.total] {
                // Counts are never negative: a remainder of 0 makes every unknown part 0.
                let sum: u64 = r
                    .parts
                    .iter()
                    .filter(|&&p| known[p])
                    .map(|&p| cells[p].value)
                    .sum();
                if sum == cells[r.total].value {
                    for i in unknown {
                        known[i] = true;
                    }
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    (0..cells.len())
        .filter(|&i| {
            known[i] && !cells[i].is_shown() && !(cells[i].residual && cells[i].hidden == Hidden::No)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(cells: &[Cell]) -> Vec<Option<u64>> {
        cells
            .iter()
            .map(|c| (c.is_shown() && !c.residual).then_some(c.value))
            .collect()
    }

    #[test]
    fn counts_of_1_to_4_and_everything_of_a_small_group_are_small() {
        let table = [
            (0, 20, Hidden::No),
            (1, 20, Hidden::Small),
            (4, 20, Hidden::Small),
            (5, 20, Hidden::No),
            (0, 4, Hidden::Small),
            (7, 4, Hidden::Small),
            (0, 5, Hidden::No),
        ];
        for (value, cases, expected) in table {
            assert_eq!(Cell::count(value, cases).hidden, expected, "{value} of {cases}");
        }
    }

    /// The attack from issue 13: team Nord has 7 cases; Anne has 6 (her row is printed), Bo 1
    /// (his row is left out). Per focus area the team row and Anne's row are printed. Without
    /// complementary suppression "team minus Anne" is Bo's single child: 0 in every area but
    /// one, which names the child's focus area.
    #[test]
    fn a_team_minus_its_printed_caseworker_does_not_give_away_the_other_childs_focus_area() {
        // Areas: skole, familie, fritid, sundhed. Anne's 6 cases: 6 skole, 0 familie, 5 fritid,
        // 0 sundhed. Bo's 1 case: familie. Team: 6, 1, 5, 0.
        let team = [6, 1, 5, 0];
        let anne = [6, 0, 5, 0];
        let mut cells = Vec::new();
        let mut relations = Vec::new();
        for area in 0..4 {
            let base = cells.len();
            cells.push(Cell::count(team[area], 7));
            cells.push(Cell::count(anne[area], 6));
            cells.push(Cell::residual(team[area] - anne[area], 1));
            relations.push(Relation::new(base, [base + 1, base + 2]));
        }
        // Without protection, every residual (Bo's child) is derivable from printed cells.
        let before: Vec<Option<u64>> = shown(&cells);
        assert_eq!(
            before,
            [
                Some(6),
                Some(6),
                None,
                None,
                Some(0),
                None,
                Some(5),
                Some(5),
                None,
                Some(0),
                Some(0),
                None
            ]
        );
        assert_eq!(
            derivable(&cells, &relations),
            [2, 8, 11],
            "Bo's child, area by area"
        );
        protect(&mut cells, &relations);
        for area in 0..4 {
            let (t, a) = (cells[area * 3], cells[area * 3 + 1]);
            assert!(
                !(t.is_shown() && a.is_shown()),
                "area {area}: team and Anne both printed"
            );
        }
        assert!(derivable(&cells, &relations).is_empty());
        // The team row is still printed where it is not small and not an exact 0 about Bo.
        assert_eq!(shown(&cells)[0], Some(6));
        assert_eq!(shown(&cells)[6], Some(5));
        assert_eq!(shown(&cells)[9], None, "team 0 = Anne 0 + Bo 0");
        assert_eq!(shown(&cells)[10], Some(0));
    }

    #[test]
    fn a_total_minus_its_other_categories_does_not_give_away_a_small_category() {
        // sent = answered + skipped + missed + open: 12 = 9 + 2 + 1 + 0.
        let values = [12, 9, 2, 1, 0];
        let mut cells: Vec<Cell> = values.iter().map(|&v| Cell::count(v, 20)).collect();
        let relations = [Relation::new(0, [1, 2, 3, 4])];
        assert_eq!(shown(&cells), [Some(12), Some(9), None, None, Some(0)]);
        // Two small cells: only their sum (3) is known, which is allowed.
        protect(&mut cells, &relations);
        assert_eq!(shown(&cells), [Some(12), Some(9), None, None, Some(0)]);

        // One small cell: the smallest other part is hidden too (here the 0).
        let values = [12, 9, 3, 0];
        let mut cells: Vec<Cell> = values.iter().map(|&v| Cell::count(v, 20)).collect();
        let relations = [Relation::new(0, [1, 2, 3])];
        protect(&mut cells, &relations);
        assert_eq!(shown(&cells), [Some(12), Some(9), None, None]);
        assert_eq!(cells[3].hidden, Hidden::Complementary);
        assert!(derivable(&cells, &relations).is_empty());
    }

    #[test]
    fn a_small_team_cannot_be_read_off_the_whole_minus_the_other_teams() {
        // All 27 = Nord 20 + Syd 3 (small team: every cell hidden, zeros too) + Vest 4.
        // One metric per team: alerts. Nord 8, Syd 0, Vest 6 → All 14.
        let cells_of = |all, nord, syd, vest| {
            vec![
                Cell::count(all, 27),
                Cell::count(nord, 20),
                Cell::count(syd, 3),
                Cell::count(vest, 4),
            ]
        };
        let relations = [Relation::new(0, [1, 2, 3])];
        let mut cells = cells_of(14, 8, 0, 6);
        protect(&mut cells, &relations);
        assert!(derivable(&cells, &relations).is_empty());
        assert_eq!(
            shown(&cells),
            [Some(14), Some(8), None, None],
            "two small teams hide each other"
        );

        // Only one small team: the whole minus Nord would give Syd's exact 0.
        let relations = [Relation::new(0, [1, 2])];
        let mut cells = vec![Cell::count(8, 23), Cell::count(8, 20), Cell::count(0, 3)];
        protect(&mut cells, &relations);
        assert!(derivable(&cells, &relations).is_empty());
        assert_eq!(cells[1].hidden, Hidden::Complementary);
    }

    #[test]
    fn chained_relations_are_protected_until_nothing_can_be_derived() {
        // total = a + b, a = a1 + a2; a2 is small.
        let mut cells = vec![
            Cell::count(20, 30),
            Cell::count(12, 30),
            Cell::count(8, 30),
            Cell::count(10, 30),
            Cell::count(2, 30),
        ];
        let relations = [Relation::new(0, [1, 2]), Relation::new(1, [3, 4])];
        protect(&mut cells, &relations);
        assert!(derivable(&cells, &relations).is_empty(), "{cells:?}");
        assert_eq!(shown(&cells)[0], Some(20));
    }

    #[test]
    fn equal_cells_are_hidden_together() {
        let mut cells = vec![Cell::count(7, 30), Cell::count(7, 30)];
        cells[0].hidden = Hidden::Complementary;
        let relations = Relation::equal(0, 1);
        protect(&mut cells, &relations);
        assert_eq!(shown(&cells), [None, None]);
    }
}
