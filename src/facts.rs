//! Facts: (scope, metric) → the values printed for it, from sentences and tables.

use crate::figures::Figure;
use crate::normalize::Text;
use crate::rules::Rules;
use crate::tables::Table;

#[derive(Debug, Clone, Default)]
pub struct Facts {}

impl Facts {
    pub fn collect(_text: &Text, _figures: &[Vec<Figure>], _tables: &[Table], _rules: &Rules) -> Self {
        Facts::default()
    }
}
