//! The Section 11 part of the GraphQL schema: thin resolvers over
//! [`crate::section11::service`].
pub mod inputs;
pub mod prefetch;
pub mod types;

use async_graphql::{Context, Object, ID};
use entity::PartnershipCode;
use sea_orm::DatabaseConnection;

use self::inputs::*;
use self::types::*;
use crate::access::Scope;
use crate::cache::AnswerCache;
use crate::error::AppResult;
use crate::node::Kind;
use crate::pagination::PageArgs;
use crate::section11::service::agencies::{self, AgencyInput};
use crate::section11::service::catalogue::{self, RoundFilter};
use crate::section11::service::returns::{self, NewReturn, ReturnEdit, ReturnFilter, Validation};
use crate::section11::service::rounds::{self, NewRound, RoundChanges};
use crate::section11::service::survey::{self, ResultInput, SurveyInput};

fn db<'c>(ctx: &Context<'c>) -> &'c DatabaseConnection {
    ctx.data_unchecked::<DatabaseConnection>()
}

fn scope<'c>(ctx: &Context<'c>) -> &'c Scope {
    ctx.data_unchecked::<Scope>()
}

/// One return as a field's answer, with what its selection asks of its
/// relations loaded first and together: a return resolves its fields one
/// after another (see [`types`]), so left to each field, the agency, the
/// round and the grades would each wait for the one before.
///
/// A relation that fails to load here is loaded again by its own field,
/// which reports the error there: the return itself was read (or, for a
/// mutation, written) and is answered.
async fn one(ctx: &Context<'_>, row: entity::section11_return::Model) -> Section11Return {
    let rows = [row];
    if let Err(e) = prefetch::returns(ctx, &ctx.look_ahead(), &rows).await {
        tracing::warn!(error = %e, "could not prefetch a return's relations");
    }
    let [row] = rows;
    Section11Return(row)
}

#[derive(Default)]
pub struct Section11Query;

#[Object]
impl Section11Query {
    /// Section 11 frameworks, each with its standards and sub-standards.
    async fn section11_frameworks(&self, ctx: &Context<'_>) -> AppResult<Vec<Section11Framework>> {
        Ok(catalogue::frameworks(db(ctx))
            .await?
            .into_iter()
            .map(Section11Framework)
            .collect())
    }

    /// Section 11 rounds, newest first. Rounds are readable by everyone.
    async fn section11_rounds(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the rounds; all when omitted.")] filter: Option<
            Section11RoundFilter,
        >,
        #[graphql(
            desc = "Forwards: how many items from the start, or from `after`; 1 to 100 (20 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Forwards: only items after this cursor, such as `pageInfo.endCursor` of the page before."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backwards: how many items from the end, or from `before`; 1 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Backwards: only items before this cursor, such as `pageInfo.startCursor` of the page after."
        )]
        before: Option<String>,
    ) -> AppResult<Section11RoundConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let filter = RoundFilter {
            partnership: f.partnership,
            period: f.period,
            mode: f.mode,
            framework: f.framework.map(|id| Kind::Section11Framework.key_of(&id)),
        };
        let (page, rows) = catalogue::rounds(db(ctx), &filter, &page)
            .await?
            .take_rows();
        prefetch::rounds(ctx, &ctx.look_ahead().field("edges").field("node"), &rows).await?;
        Ok(page.with_nodes(rows).into_connection(Section11Round))
    }

    /// One Section 11 round by id.
    async fn section11_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The round's id (or, as before, its `databaseId`).")] id: ID,
    ) -> AppResult<Section11Round> {
        Ok(Section11Round(
            catalogue::round(db(ctx), &Kind::Section11Round.key_of(&id)).await?,
        ))
    }

    /// Agencies with a Section 11 duty, by name. Readable by everyone.
    async fn agencies(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the agencies; all when omitted.")] filter: Option<AgencyFilter>,
        #[graphql(
            desc = "Forwards: how many items from the start, or from `after`; 1 to 100 (20 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Forwards: only items after this cursor, such as `pageInfo.endCursor` of the page before."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backwards: how many items from the end, or from `before`; 1 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Backwards: only items before this cursor, such as `pageInfo.startCursor` of the page after."
        )]
        before: Option<String>,
    ) -> AppResult<AgencyConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let filter = agencies::AgencyFilter {
            partnership: f.partnership,
            sector: f.sector,
            round: f.round.map(|id| Kind::Section11Round.key_of(&id)),
        };
        let (page, rows) = agencies::list(db(ctx), &filter, &page).await?.take_rows();
        prefetch::agencies(ctx, &ctx.look_ahead().field("edges").field("node"), &rows).await?;
        Ok(page.with_nodes(rows).into_connection(Agency))
    }

    /// Section 11 returns the caller may read, newest first: a partnership's
    /// own managers see all of its returns, an agency lead its own agency's, a
    /// scrutineer those submitted and later; other callers see none (only
    /// summaries).
    async fn section11_returns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the returns; all the caller may read when omitted.")]
        filter: Option<Section11ReturnFilter>,
        #[graphql(
            desc = "Forwards: how many items from the start, or from `after`; 1 to 100 (20 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Forwards: only items after this cursor, such as `pageInfo.endCursor` of the page before."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backwards: how many items from the end, or from `before`; 1 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Backwards: only items before this cursor, such as `pageInfo.startCursor` of the page after."
        )]
        before: Option<String>,
    ) -> AppResult<Section11ReturnConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let filter = ReturnFilter {
            round: f.round.map(|id| Kind::Section11Round.key_of(&id)),
            partnership: f.partnership,
            agency: f.agency.map(|id| Kind::Agency.key_of(&id)),
            status: f.status,
            sector: f.sector,
        };
        let (page, rows) = returns::list(db(ctx), scope(ctx), &filter, &page)
            .await?
            .take_rows();
        prefetch::returns(ctx, &ctx.look_ahead().field("edges").field("node"), &rows).await?;
        Ok(page.with_nodes(rows).into_connection(Section11Return))
    }

    /// One Section 11 return by id; `NOT_FOUND` when it does not exist or the
    /// caller may not read it.
    async fn section11_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The return's id (or, as before, its `databaseId`).")] id: ID,
    ) -> AppResult<Section11Return> {
        Ok(one(
            ctx,
            returns::get(db(ctx), scope(ctx), &Kind::Section11Return.key_of(&id)).await?,
        )
        .await)
    }

    /// A partnership's figures for a round: returns expected and received,
    /// overall grades, share Good or better per standard, agencies with an
    /// Inadequate grading. Callers without exact access to the partnership's
    /// Section 11 figures get published returns only.
    async fn section11_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The round's id (or, as before, its `databaseId`).")] round: ID,
        #[graphql(desc = "The partnership; it must take part in the round.")]
        partnership: PartnershipCode,
    ) -> AppResult<Section11Summary> {
        let round = Kind::Section11Round.key_of(&round);
        let db = db(ctx);
        let summary = ctx
            .data_unchecked::<AnswerCache>()
            .get_or_compute(
                db,
                scope(ctx),
                "section11Summary",
                format!("{:?}|{partnership:?}", round.as_str()),
                |scope| async move {
                    crate::section11::service::summary(db, &scope, &round, partnership).await
                },
            )
            .await?;
        Ok(Section11Summary(summary))
    }

    /// A partnership's practitioner survey results and recommendations for a
    /// round: everyone once published, before that only callers with exact
    /// access to its Section 11 figures.
    async fn section11_survey_results(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The round's id (or, as before, its `databaseId`).")] round: ID,
        #[graphql(desc = "The partnership; it must take part in the round.")]
        partnership: PartnershipCode,
    ) -> AppResult<Section11SurveyResults> {
        Ok(Section11SurveyResults(
            survey::report(
                db(ctx),
                scope(ctx),
                &Kind::Section11Round.key_of(&round),
                partnership,
            )
            .await?,
        ))
    }
}

#[derive(Default)]
pub struct Section11Mutation;

#[Object]
impl Section11Mutation {
    /// Creates a round: a partnership manager for its own partnerships, a
    /// regional admin for any (such as the regional round across all five).
    async fn create_section11_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The round.")] input: CreateSection11RoundInput,
    ) -> AppResult<Section11Round> {
        let round = NewRound {
            title: input.title,
            period: input.period,
            partnerships: input.partnerships,
            framework: Kind::Section11Framework.key_of(&input.framework),
            mode: input.mode,
            opens_on: input.opens_on,
            closes_on: input.closes_on,
            description: input.description,
            source: input.source,
            agencies: input
                .agencies
                .map(|list| list.into_iter().map(Into::into).collect()),
        };
        Ok(Section11Round(
            rounds::create(db(ctx), &scope(ctx).caller, round).await?,
        ))
    }

    /// Changes a round against the version it was based on; same rights as creating.
    async fn update_section11_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateSection11RoundInput,
    ) -> AppResult<Section11Round> {
        let changes = RoundChanges {
            title: input.title,
            period: input.period,
            partnerships: input.partnerships,
            framework: input
                .framework
                .map(|id| Kind::Section11Framework.key_of(&id)),
            mode: input.mode,
            opens_on: input.opens_on,
            closes_on: input.closes_on,
            description: input.description,
            agencies: input
                .agencies
                .map(|list| list.into_iter().map(Into::into).collect()),
        };
        Ok(Section11Round(
            rounds::update(
                db(ctx),
                &scope(ctx).caller,
                Kind::Section11Round.key_of(&input.id),
                input.expected_version,
                changes,
            )
            .await?,
        ))
    }

    /// Registers an agency: a regional admin, or a partnership manager for
    /// agencies working in its partnerships only.
    async fn register_agency(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency.")] input: RegisterAgencyInput,
    ) -> AppResult<Agency> {
        let agency = AgencyInput {
            name: input.name,
            sector: input.sector,
            partnerships: input.partnerships,
            source: input.source,
        };
        Ok(Agency(
            agencies::register(db(ctx), &scope(ctx).caller, agency).await?,
        ))
    }

    /// Drafts a return: the agency's own lead, a manager of the partnership,
    /// or a regional admin.
    async fn create_section11_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The draft.")] input: CreateSection11ReturnInput,
    ) -> AppResult<Section11Return> {
        let new = NewReturn {
            round: Kind::Section11Round.key_of(&input.round),
            partnership: input.partnership,
            agency: Kind::Agency.key_of(&input.agency),
            overall_grade: input.overall_grade,
            grades: input.grades.into_iter().map(Into::into).collect(),
            actions: input.actions.into_iter().map(Into::into).collect(),
        };
        Ok(one(ctx, returns::create(db(ctx), scope(ctx), new).await?).await)
    }

    /// Edits a draft against the version it was based on; a submitted return
    /// cannot be edited.
    async fn update_section11_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The edits.")] input: UpdateSection11ReturnInput,
    ) -> AppResult<Section11Return> {
        let edit = ReturnEdit {
            id: Kind::Section11Return.key_of(&input.id),
            expected_version: input.expected_version,
            overall_grade: input.overall_grade,
            grades: input
                .grades
                .map(|list| list.into_iter().map(Into::into).collect()),
            actions: input
                .actions
                .map(|list| list.into_iter().map(Into::into).collect()),
        };
        Ok(one(ctx, returns::update(db(ctx), scope(ctx), edit).await?).await)
    }

    /// Submits a draft (the agency's lead, or a manager on its behalf);
    /// refused unless it has an overall grade, every standard and sub-standard
    /// is graded, and every grade below Good has an action.
    async fn submit_section11_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The return and its version.")] input: SubmitSection11ReturnInput,
    ) -> AppResult<Section11Return> {
        let row = returns::submit(
            db(ctx),
            scope(ctx),
            Kind::Section11Return.key_of(&input.id),
            input.expected_version,
        )
        .await?;
        Ok(one(ctx, row).await)
    }

    /// Validates a submitted return (a manager of its partnership, or a
    /// regional admin), keeping moderated grades beside the self-assessed ones.
    async fn validate_section11_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The validation.")] input: ValidateSection11ReturnInput,
    ) -> AppResult<Section11Return> {
        let validation = Validation {
            id: Kind::Section11Return.key_of(&input.id),
            expected_version: input.expected_version,
            moderated_overall_grade: input.moderated_overall_grade,
            moderated_grades: input.moderated_grades.into_iter().map(Into::into).collect(),
            note: input.note,
        };
        let row = returns::validate(db(ctx), scope(ctx), validation).await?;
        Ok(one(ctx, row).await)
    }

    /// Publishes a partnership's part of a round (a manager of the
    /// partnership, or a regional admin): its validated returns and survey
    /// results become visible to everyone. Publishing again publishes returns
    /// validated since.
    async fn publish_section11_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The round and the partnership.")] input: PublishSection11RoundInput,
    ) -> AppResult<Section11Publication> {
        Ok(Section11Publication(
            returns::publish(
                db(ctx),
                &scope(ctx).caller,
                Kind::Section11Round.key_of(&input.round),
                input.partnership,
            )
            .await?,
        ))
    }

    /// Records a partnership's results and recommendations for a practitioner
    /// survey round (a manager of the partnership, or a regional admin),
    /// replacing those recorded before.
    async fn record_section11_survey_results(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The results.")] input: RecordSection11SurveyResultsInput,
    ) -> AppResult<Section11SurveyResults> {
        let record = SurveyInput {
            round: Kind::Section11Round.key_of(&input.round),
            partnership: input.partnership,
            expected_version: input.expected_version,
            source: input.source,
            results: input
                .results
                .into_iter()
                .map(|r| ResultInput {
                    theme: r.theme,
                    question: r.question,
                    share_positive: r.share_positive,
                    respondents: r.respondents,
                    key_finding: r.key_finding,
                })
                .collect(),
            recommendations: input.recommendations,
        };
        Ok(Section11SurveyResults(
            survey::record(db(ctx), &scope(ctx).caller, record).await?,
        ))
    }
}
