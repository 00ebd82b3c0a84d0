//! The transitions of the trie's states as a double array: each state's row of (class,
//! target) packed first-fit into one array of cells, a cell recording the base of the row it
//! belongs to.

use super::{NONE, PLACE_TRIES, RESERVED};

/// The transitions of the states: a double array.
#[derive(Clone, Debug, Default)]
pub(super) struct Cells {
    /// Per state: where its row starts (wrapping: a row's cells are `base + class`).
    pub(super) base: Vec<u32>,
    /// Per cell: the state it belongs to (`NONE` when free) and the transition's target.
    pub(super) cells: Vec<[u32; 2]>,
}

impl Cells {
    /// Packs `rows` (per state, its transitions by ascending class below `classes`)
    /// first-fit, the longest rows first; a state whose `share` is another state takes that
    /// state's row (a leaf's complete row is its failure link's). `None` when the cells would
    /// exceed `max_cells`. A cell belongs to the row whose base it records; every
    /// `base + class` is a cell (the cells reach past the last base by `classes`).
    pub(super) fn pack(rows: &[Vec<(u32, u32)>], share: &[u32], classes: usize, max_cells: usize) -> Option<Cells> {
        let mut order: Vec<u32> = (0..rows.len() as u32).filter(|&s| share[s as usize] == s && !rows[s as usize].is_empty()).collect();
        order.sort_by_key(|&s| std::cmp::Reverse(rows[s as usize].len()));
        // Base 0 is the empty row's: no cell records it.
        let mut base = vec![0u32; rows.len()];
        // The first `classes` cells are never used, so that any free cell can take a row's
        // first class (its base, the cell less the class, is never negative).
        if classes > max_cells {
            return None;
        }
        let mut cells: Vec<[u32; 2]> = vec![[RESERVED, NONE]; classes];
        // Whether a base is taken (a base names its row).
        let mut taken = vec![true; classes];
        // The free cells below `cells.len()`, as a list in ascending order (every cell from
        // `cells.len()` on is free).
        let (mut next_free, mut prev_free): (Vec<u32>, Vec<u32>) = (vec![NONE; cells.len()], vec![NONE; cells.len()]);
        let (mut head, mut tail) = (NONE, NONE);
        // Where the search starts: the first free cell for each new row length, moved past
        // the cells a row could not use (a crowded stretch is not searched again).
        let (mut start, mut len) = (NONE, 0);
        for s in order {
            let row = &rows[s as usize];
            let first = row[0].0 as usize;
            let fits = |b: usize, cells: &Vec<[u32; 2]>, taken: &Vec<bool>| {
                b != 0 && !taken.get(b).is_some_and(|&t| t) && row.iter().all(|&(k, _)| cells.get(b + k as usize).is_none_or(|c| c[0] == NONE))
            };
            if row.len() != len || start == NONE || cells[start as usize][0] != NONE {
                (start, len) = (head, row.len());
            }
            // Free cells tried from `start`, else the end: every cell from there on is free, and
            // no row has a base there.
            let mut p = start;
            let mut b = cells.len();
            for _ in 0..PLACE_TRIES {
                if p == NONE {
                    break;
                }
                if fits(p as usize - first, &cells, &taken) {
                    b = p as usize - first;
                    break;
                }
                p = next_free[p as usize];
                start = p;
            }
            base[s as usize] = b as u32;
            for &(k, t) in row {
                let c = b + k as usize;
                if c >= cells.len() {
                    if c >= max_cells {
                        return None;
                    }
                    // Grow, the new cells free.
                    for n in cells.len()..=c {
                        cells.push([NONE, NONE]);
                        taken.push(false);
                        next_free.push(NONE);
                        prev_free.push(tail);
                        if tail == NONE {
                            head = n as u32;
                        } else {
                            next_free[tail as usize] = n as u32;
                        }
                        tail = n as u32;
                    }
                }
                // Take cell `c` off the free list.
                let (before, after) = (prev_free[c], next_free[c]);
                if before == NONE {
                    head = after;
                } else {
                    next_free[before as usize] = after;
                }
                if after == NONE {
                    tail = before;
                } else {
                    prev_free[after as usize] = before;
                }
                cells[c] = [b as u32, t];
            }
            taken[b] = true;
        }
        for s in 0..rows.len() {
            base[s] = base[share[s] as usize];
        }
        let len = base.iter().max().map_or(0, |&b| b as usize) + classes;
        if len > max_cells {
            return None;
        }
        cells.resize(len.max(cells.len()), [NONE, NONE]);
        cells.shrink_to_fit();
        Some(Cells { base, cells })
    }
}
