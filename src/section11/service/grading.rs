//! Grades and actions checked against the round's framework, and the rules a
//! return must meet before it is submitted.
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use entity::section11_enums::Section11Grade;
use entity::{section11_action, section11_grade, section11_standard};

use crate::error::{AppError, AppResult};
use crate::text::TextKind;

/// A grade for one standard or sub-standard, named by its number (`8.3`).
#[derive(Debug, Clone)]
pub struct GradeInput {
    pub standard: String,
    pub grade: Section11Grade,
    pub evidence: Option<String>,
}

/// An action for a standard graded below Good.
#[derive(Debug, Clone)]
pub struct ActionInput {
    pub standard: String,
    pub what: String,
    pub owner: String,
    pub due_date: NaiveDate,
}

/// A grade checked against the framework: the standard's id, the grade, the evidence.
#[derive(Debug, Clone)]
pub struct CheckedGrade {
    pub standard_id: String,
    pub grade: Section11Grade,
    pub evidence: Option<String>,
}

/// An action checked against the framework.
#[derive(Debug, Clone)]
pub struct CheckedAction {
    pub standard_id: String,
    pub what: String,
    pub owner: String,
    pub due_date: NaiveDate,
}

/// The standards of one framework, by number.
pub struct Framework<'a> {
    name: &'a str,
    by_number: HashMap<&'a str, &'a section11_standard::Model>,
    standards: &'a [section11_standard::Model],
}

impl<'a> Framework<'a> {
    pub fn new(name: &'a str, standards: &'a [section11_standard::Model]) -> Self {
        Framework {
            name,
            by_number: standards.iter().map(|s| (s.number.as_str(), s)).collect(),
            standards,
        }
    }

    /// The standard numbered `number`, or `BAD_USER_INPUT` naming `field`.
    pub fn standard(&self, number: &str, field: &str) -> AppResult<&'a section11_standard::Model> {
        TextKind::Key.check(field, number)?;
        self.by_number.get(number.trim()).copied().ok_or_else(|| {
            AppError::bad_input(
                field,
                format!(
                    "standard `{number}` is not in the round's framework ({})",
                    self.name
                ),
            )
        })
    }

    fn number_of<'s>(&'s self, standard_id: &'s str) -> &'s str {
        self.standards
            .iter()
            .find(|s| s.id == standard_id)
            .map(|s| s.number.as_str())
            .unwrap_or(standard_id)
    }

    /// Checks grades named under `field` (`input.grades`): each standard in
    /// the framework and graded once.
    pub fn grades(&self, grades: &[GradeInput], field: &str) -> AppResult<Vec<CheckedGrade>> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::with_capacity(grades.len());
        for (i, g) in grades.iter().enumerate() {
            let standard = self.standard(&g.standard, &format!("{field}[{i}].standard"))?;
            if !seen.insert(standard.id.as_str()) {
                return Err(AppError::bad_input(
                    format!("{field}[{i}].standard"),
                    format!("standard `{}` is graded twice", standard.number),
                ));
            }
            out.push(CheckedGrade {
                standard_id: standard.id.clone(),
                grade: g.grade,
                evidence: TextKind::Long
                    .optional(&format!("{field}[{i}].evidence"), g.evidence.as_deref())?,
            });
        }
        Ok(out)
    }

    /// Checks actions named under `field` (`input.actions`).
    pub fn actions(&self, actions: &[ActionInput], field: &str) -> AppResult<Vec<CheckedAction>> {
        actions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let standard = self.standard(&a.standard, &format!("{field}[{i}].standard"))?;
                Ok(CheckedAction {
                    standard_id: standard.id.clone(),
                    what: TextKind::Long.required(&format!("{field}[{i}].what"), &a.what)?,
                    owner: TextKind::Name.required(&format!("{field}[{i}].owner"), &a.owner)?,
                    due_date: a.due_date,
                })
            })
            .collect()
    }

    /// Refuses to submit a return unless it has an overall grade, every
    /// standard and sub-standard is graded, and every grade below Good has
    /// at least one action. Fields are named as on the return.
    pub fn require_complete(
        &self,
        overall: Option<Section11Grade>,
        grades: &[section11_grade::Model],
        actions: &[section11_action::Model],
    ) -> AppResult<()> {
        if overall.is_none() {
            return Err(AppError::bad_input(
                "overallGrade",
                "the return has no overall grade",
            ));
        }
        let graded: BTreeSet<&str> = grades.iter().map(|g| g.standard_id.as_str()).collect();
        let missing: Vec<&str> = self
            .standards
            .iter()
            .filter(|s| !graded.contains(s.id.as_str()))
            .map(|s| s.number.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(AppError::bad_input(
                "grades",
                format!("not graded: standard {}", missing.join(", ")),
            ));
        }
        let with_action: BTreeSet<&str> = actions.iter().map(|a| a.standard_id.as_str()).collect();
        let unplanned: Vec<&str> = grades
            .iter()
            .filter(|g| {
                !g.self_grade.good_or_better() && !with_action.contains(g.standard_id.as_str())
            })
            .map(|g| self.number_of(&g.standard_id))
            .collect();
        if !unplanned.is_empty() {
            return Err(AppError::bad_input(
                "actions",
                format!(
                    "graded below Good with no action: standard {}",
                    unplanned.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard(number: &str, parent: Option<&str>) -> section11_standard::Model {
        section11_standard::Model {
            id: format!("f/{number}"),
            framework_id: "f".into(),
            number: number.into(),
            parent_number: parent.map(str::to_string),
            title: number.into(),
            sort_order: 0,
        }
    }

    fn grade(number: &str, g: Section11Grade) -> section11_grade::Model {
        section11_grade::Model {
            id: 0,
            return_id: "r".into(),
            standard_id: format!("f/{number}"),
            self_grade: g,
            moderated_grade: None,
            evidence: None,
        }
    }

    #[test]
    fn unknown_and_repeated_standards_are_named_by_position() {
        let standards = [standard("1", None), standard("1.1", Some("1"))];
        let f = Framework::new("F", &standards);
        let input = |n: &str| GradeInput {
            standard: n.into(),
            grade: Section11Grade::Good,
            evidence: None,
        };
        let err = f
            .grades(&[input("1"), input("9")], "input.grades")
            .expect_err("9 is not in F");
        assert!(
            matches!(err, AppError::BadUserInput { ref field, .. } if field == "input.grades[1].standard")
        );
        let err = f
            .grades(&[input("1.1"), input("1.1")], "input.grades")
            .expect_err("graded twice");
        assert!(
            matches!(err, AppError::BadUserInput { ref field, .. } if field == "input.grades[1].standard")
        );
    }

    #[test]
    fn a_return_is_complete_only_with_every_standard_graded_and_actions_below_good() {
        let standards = [standard("1", None), standard("1.1", Some("1"))];
        let f = Framework::new("F", &standards);
        let good = Some(Section11Grade::Good);
        let missing = f.require_complete(good, &[grade("1", Section11Grade::Good)], &[]);
        assert!(
            matches!(missing, Err(AppError::BadUserInput { ref field, ref message }) if field == "grades" && message.contains("1.1"))
        );
        let grades = [
            grade("1", Section11Grade::Good),
            grade("1.1", Section11Grade::Inadequate),
        ];
        let unplanned = f.require_complete(good, &grades, &[]);
        assert!(
            matches!(unplanned, Err(AppError::BadUserInput { ref field, .. }) if field == "actions")
        );
        let action = section11_action::Model {
            id: 0,
            return_id: "r".into(),
            standard_id: "f/1.1".into(),
            what: "w".into(),
            owner: "o".into(),
            due_date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default(),
            sort_order: 0,
        };
        assert!(f
            .require_complete(good, &grades, std::slice::from_ref(&action))
            .is_ok());
        assert!(matches!(
            f.require_complete(None, &grades, &[action]),
            Err(AppError::BadUserInput { ref field, .. }) if field == "overallGrade"
        ));
    }
}
