//! Tables rebuilt from flattened lines.

use crate::figures::Figure;
use crate::normalize::Text;
use crate::rules::Rules;

#[derive(Debug, Clone)]
pub struct Table {}

pub fn find_tables(_text: &Text, _figures: &[Vec<Figure>], _rules: &Rules) -> Vec<Table> {
    Vec::new()
}
