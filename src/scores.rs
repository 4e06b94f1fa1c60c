//! Score hierarchies: headings with their 分值, 得分 and 得分率.

use crate::figures::Figure;
use crate::normalize::Text;
use crate::rules::Rules;
use crate::tables::Table;

#[derive(Debug, Clone, Default)]
pub struct ScoreTree {}

pub fn build(_text: &Text, _figures: &[Vec<Figure>], _tables: &[Table], _rules: &Rules) -> ScoreTree {
    ScoreTree::default()
}
