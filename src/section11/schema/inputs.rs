//! Section 11 input types. Standards are named by their number in the
//! round's framework (`8.3`), agencies and rounds by their `ID`.
use async_graphql::{InputObject, ID};
use chrono::NaiveDate;
use entity::section11_enums::{
    AgencySector, Section11Grade, Section11ReturnStatus, Section11RoundMode,
};
use entity::PartnershipCode;

use crate::section11::service::grading::{ActionInput, GradeInput};
use crate::section11::service::returns::ModeratedGrade;
use crate::section11::service::rounds::ParticipantInput;

/// Narrows `section11Rounds`; every field is optional.
#[derive(InputObject, Default)]
pub struct Section11RoundFilter {
    /// Only rounds this partnership takes part in.
    pub partnership: Option<PartnershipCode>,
    /// Only rounds of this reporting period, e.g. `2016-17`. At most 64 characters.
    pub period: Option<String>,
    /// Only self-assessment or only practitioner survey rounds.
    pub mode: Option<Section11RoundMode>,
    /// Only rounds using this framework, e.g. `regional-v1`.
    pub framework: Option<ID>,
}

/// Narrows `agencies`; every field is optional.
#[derive(InputObject, Default)]
pub struct AgencyFilter {
    /// Only agencies working in this partnership.
    pub partnership: Option<PartnershipCode>,
    /// Only agencies of this sector.
    pub sector: Option<AgencySector>,
    /// Only agencies expected to make a return in this round.
    pub round: Option<ID>,
}

/// Narrows `section11Returns`; every field is optional, and no filter widens
/// what the caller may read.
#[derive(InputObject, Default)]
pub struct Section11ReturnFilter {
    /// Only returns of this round.
    pub round: Option<ID>,
    /// Only returns made to this partnership.
    pub partnership: Option<PartnershipCode>,
    /// Only this agency's returns.
    pub agency: Option<ID>,
    /// Only returns in this status.
    pub status: Option<Section11ReturnStatus>,
    /// Only returns of agencies of this sector.
    pub sector: Option<AgencySector>,
}

/// An agency expected to make a return in a round for a partnership.
#[derive(InputObject)]
pub struct Section11ParticipantInput {
    /// The agency.
    pub agency: ID,
    /// The partnership the return is expected for; the agency must work there.
    pub partnership: PartnershipCode,
    /// True when the agency made a nil return: expected, nothing to grade.
    #[graphql(default = false)]
    pub nil_return: bool,
}

impl From<Section11ParticipantInput> for ParticipantInput {
    fn from(p: Section11ParticipantInput) -> Self {
        ParticipantInput {
            agency: crate::node::Kind::Agency.key_of(&p.agency),
            partnership: p.partnership,
            nil_return: p.nil_return,
        }
    }
}

/// A round to create.
#[derive(InputObject)]
pub struct CreateSection11RoundInput {
    /// Title, e.g. "Bristol Section 11 audit 2026-27". At most 300 characters.
    pub title: String,
    /// The reporting period's label, e.g. `2026-27`. At most 64 characters.
    pub period: String,
    /// The partnerships taking part; a partnership manager may name only its own.
    pub partnerships: Vec<PartnershipCode>,
    /// The framework's id, e.g. `regional-v1`.
    pub framework: ID,
    /// Self-assessment or practitioner survey.
    pub mode: Section11RoundMode,
    /// When the round opens.
    pub opens_on: NaiveDate,
    /// When returns are due.
    pub closes_on: NaiveDate,
    /// What the round is and how it runs. At most 20000 characters.
    pub description: Option<String>,
    /// Where the round is documented; defaults to the recording user. At most 500 characters.
    pub source: Option<String>,
    /// The agencies expected to make a return. Omitted: for a self-assessment,
    /// every agency registered in the partnerships taking part.
    pub agencies: Option<Vec<Section11ParticipantInput>>,
}

/// Changes to a round; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateSection11RoundInput {
    /// The round.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// New title. At most 300 characters.
    pub title: Option<String>,
    /// New reporting period label. At most 64 characters.
    pub period: Option<String>,
    /// The partnerships taking part, replacing the list; a partnership with
    /// returns cannot be removed.
    pub partnerships: Option<Vec<PartnershipCode>>,
    /// New framework id; refused once the round has returns.
    pub framework: Option<ID>,
    /// New mode; refused once the round has returns.
    pub mode: Option<Section11RoundMode>,
    /// New opening date.
    pub opens_on: Option<NaiveDate>,
    /// New closing date.
    pub closes_on: Option<NaiveDate>,
    /// New description. At most 20000 characters.
    pub description: Option<String>,
    /// The expected agencies, replacing the list; an agency with a return must stay.
    pub agencies: Option<Vec<Section11ParticipantInput>>,
}

/// An agency to register.
#[derive(InputObject)]
pub struct RegisterAgencyInput {
    /// Name, unique without regard to case. At most 300 characters.
    pub name: String,
    /// Sector.
    pub sector: AgencySector,
    /// The partnerships the agency works in; a partnership manager may name only its own.
    pub partnerships: Vec<PartnershipCode>,
    /// Where the agency's details come from; defaults to the registering user. At most 500 characters.
    pub source: Option<String>,
}

/// A grade for one standard or sub-standard.
#[derive(InputObject)]
pub struct Section11GradeInput {
    /// The standard's number in the round's framework, e.g. `8.3`. At most 64 characters.
    pub standard: String,
    /// The grade.
    pub grade: Section11Grade,
    /// The evidence for it. At most 20000 characters.
    pub evidence: Option<String>,
}

impl From<Section11GradeInput> for GradeInput {
    fn from(g: Section11GradeInput) -> Self {
        GradeInput {
            standard: g.standard,
            grade: g.grade,
            evidence: g.evidence,
        }
    }
}

/// An action for a standard graded below Good.
#[derive(InputObject)]
pub struct Section11ActionInput {
    /// The standard's number in the round's framework, e.g. `5.1`. At most 64 characters.
    pub standard: String,
    /// What will be done. At most 20000 characters.
    pub what: String,
    /// Who is responsible (a role or team). At most 300 characters.
    pub owner: String,
    /// When it is due.
    pub due_date: NaiveDate,
}

impl From<Section11ActionInput> for ActionInput {
    fn from(a: Section11ActionInput) -> Self {
        ActionInput {
            standard: a.standard,
            what: a.what,
            owner: a.owner,
            due_date: a.due_date,
        }
    }
}

/// A return to draft.
#[derive(InputObject)]
pub struct CreateSection11ReturnInput {
    /// The round; it must be a self-assessment round.
    pub round: ID,
    /// The partnership the return is made to; it must take part in the round.
    pub partnership: PartnershipCode,
    /// The agency; it must be expected in the round for the partnership. An
    /// agency lead may name only its own.
    pub agency: ID,
    /// The agency's overall grade, if decided.
    pub overall_grade: Option<Section11Grade>,
    /// Grades so far.
    #[graphql(default)]
    pub grades: Vec<Section11GradeInput>,
    /// Actions so far.
    #[graphql(default)]
    pub actions: Vec<Section11ActionInput>,
}

/// Edits to a draft return; a list given replaces that whole part.
#[derive(InputObject)]
pub struct UpdateSection11ReturnInput {
    /// The return; it must be a draft.
    pub id: ID,
    /// The version the edit is based on.
    pub expected_version: i32,
    /// A new overall grade.
    pub overall_grade: Option<Section11Grade>,
    /// Every grade, replacing the current ones.
    pub grades: Option<Vec<Section11GradeInput>>,
    /// Every action, replacing the current ones.
    pub actions: Option<Vec<Section11ActionInput>>,
}

/// A draft to submit.
#[derive(InputObject)]
pub struct SubmitSection11ReturnInput {
    /// The return.
    pub id: ID,
    /// The version being submitted.
    pub expected_version: i32,
}

/// A moderated grade from peer challenge.
#[derive(InputObject)]
pub struct Section11ModeratedGradeInput {
    /// The standard's number; the return must have graded it. At most 64 characters.
    pub standard: String,
    /// The moderated grade.
    pub grade: Section11Grade,
}

impl From<Section11ModeratedGradeInput> for ModeratedGrade {
    fn from(m: Section11ModeratedGradeInput) -> Self {
        ModeratedGrade {
            standard: m.standard,
            grade: m.grade,
        }
    }
}

/// A validation of a submitted return.
#[derive(InputObject)]
pub struct ValidateSection11ReturnInput {
    /// The return; it must be submitted.
    pub id: ID,
    /// The version being validated.
    pub expected_version: i32,
    /// The overall grade after peer challenge, when it differs.
    pub moderated_overall_grade: Option<Section11Grade>,
    /// Grades changed by peer challenge.
    #[graphql(default)]
    pub moderated_grades: Vec<Section11ModeratedGradeInput>,
    /// The partnership's note. At most 20000 characters.
    pub note: Option<String>,
}

/// A partnership's part of a round to publish.
#[derive(InputObject)]
pub struct PublishSection11RoundInput {
    /// The round.
    pub round: ID,
    /// The partnership publishing its part.
    pub partnership: PartnershipCode,
}

/// One theme's survey result.
#[derive(InputObject)]
pub struct Section11SurveyResultInput {
    /// The theme, e.g. "Supervision and Support". At most 300 characters.
    pub theme: String,
    /// The question asked. At most 20000 characters.
    pub question: Option<String>,
    /// Percentage (0-100) answering positively.
    pub share_positive: Option<f64>,
    /// How many practitioners answered. At most 100000.
    pub respondents: Option<i32>,
    /// The key finding. At most 20000 characters.
    pub key_finding: String,
}

/// A partnership's survey results and recommendations for a practitioner
/// survey round, replacing those recorded before.
#[derive(InputObject)]
pub struct RecordSection11SurveyResultsInput {
    /// The round; it must be a practitioner survey round.
    pub round: ID,
    /// The partnership.
    pub partnership: PartnershipCode,
    /// The version of the partnership's part of the round (see `Section11RoundPartnership.version`).
    pub expected_version: i32,
    /// Where the results come from, e.g. the report and section. At most 500 characters.
    pub source: String,
    /// Results per theme.
    pub results: Vec<Section11SurveyResultInput>,
    /// Recommendations, in order. Each at most 20000 characters; at most 100 items.
    #[graphql(default)]
    pub recommendations: Vec<String>,
}
