//! Formulas written out in the text ("控制率=437.84万元/449.98万元×100%=97.30%").

use crate::normalize::Text;
use crate::rules::Rules;

#[derive(Debug, Clone)]
pub struct Formula {}

pub fn find_formulas(_text: &Text, _rules: &Rules) -> Vec<Formula> {
    Vec::new()
}
