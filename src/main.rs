use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use entity::PartnershipCode;
use hub::auth::role::Role;
use hub::auth::token::{mint, TokenRequest};
use hub::config::Config;
use hub::startup::Application;

/// Most of the server's CPU under load went to the system allocator (a
/// GraphQL response is thousands of small allocations); mimalloc serves them
/// faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use hub::synthetic::SyntheticOptions;

/// The regional safeguarding data hub: a GraphQL API for the five safeguarding
/// children partnerships of the Avon and Somerset police area.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default): migrate, then listen on BIND_ADDR.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Mint a token from the local HS256 issuer (refused in production).
    Token {
        /// The role the token grants.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A partnership in scope, e.g. SOMERSET; repeat for several.
        #[arg(long = "partnership", value_parser = parse_partnership)]
        partnerships: Vec<PartnershipCode>,
        /// The agency id of an agency lead.
        #[arg(long)]
        agency: Option<String>,
        /// The token subject (user id).
        #[arg(long)]
        subject: Option<String>,
        /// The display name.
        #[arg(long)]
        name: Option<String>,
        /// Lifetime in hours.
        #[arg(long, default_value_t = 8)]
        hours: u64,
    },
    /// Load the demo dataset into DATABASE_URL (migrating first). Never run implicitly outside the embedded database.
    DemoData,
    /// Fill DATABASE_URL (migrating first) with a deterministic synthetic dataset for load testing.
    /// Refused in production, on the embedded database and on a database that holds any records.
    Synthetic {
        /// Financial years covered, ending with 2025-26.
        #[arg(long, default_value_t = SyntheticOptions::default().years)]
        years: u32,
        /// Agencies per partnership, each making a Section 11 return every year.
        #[arg(long, default_value_t = SyntheticOptions::default().agencies_per_partnership)]
        agencies: u32,
        /// The seed: the same seed and sizes give the same rows.
        #[arg(long, default_value_t = SyntheticOptions::default().seed)]
        seed: u64,
        /// Scrutiny activities per partnership and year.
        #[arg(long, default_value_t = SyntheticOptions::default().scrutiny_activities_per_partnership_year)]
        activities: u32,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s)
        .filter(|r| *r != Role::Anonymous)
        .ok_or_else(|| "one of regional_admin, partnership_manager, agency_lead, scrutineer, cdop_officer, analyst".into())
}

fn parse_partnership(s: &str) -> Result<PartnershipCode, String> {
    PartnershipCode::parse(s).ok_or_else(|| {
        "one of BRISTOL, NORTH_SOMERSET, SOUTH_GLOUCESTERSHIRE, BATH_NE_SOMERSET, SOMERSET".into()
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Schema) = cli.command {
        print!("{}", hub::graphql::sdl());
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Before the runtime starts: the trace exporter has a blocking HTTP
    // client of its own, which may not be made or dropped inside one. Dropped
    // last, it sends the spans still queued.
    let _telemetry = hub::telemetry::init(config.is_production());
    let command = cli.command.unwrap_or(Command::Serve);
    match actix_web::rt::System::new().block_on(run(command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<(), String> {
    match command {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            let (db, _) = hub::db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            hub::db::migrate(&db).await.map_err(|e| e.to_string())?;
            println!("migrations applied");
            Ok(())
        }
        Command::DemoData => {
            let (db, _) = hub::db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            hub::db::migrate(&db).await.map_err(|e| e.to_string())?;
            if hub::demo::load(&db).await.map_err(|e| e.to_string())? {
                println!("demo dataset loaded");
            } else {
                println!("demo dataset was already loaded; nothing changed");
            }
            Ok(())
        }
        Command::Synthetic {
            years,
            agencies,
            seed,
            activities,
        } => {
            if config.is_production() {
                return Err("the synthetic subcommand is refused when HUB_ENV=production".into());
            }
            // The embedded database gets the demo dataset on first start,
            // which would collide with synthetic CDOP returns.
            if config.embedded_database {
                return Err("set DATABASE_URL to a dedicated database: the synthetic subcommand never writes to the embedded one".into());
            }
            let (db, _) = hub::db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            hub::db::migrate(&db).await.map_err(|e| e.to_string())?;
            let options = SyntheticOptions {
                years,
                agencies_per_partnership: agencies,
                seed,
                scrutiny_activities_per_partnership_year: activities,
            };
            let summary = hub::synthetic::generate(&db, &options)
                .await
                .map_err(|e| e.to_string())?;
            println!("{summary}");
            Ok(())
        }
        Command::Token {
            role,
            partnerships,
            agency,
            subject,
            name,
            hours,
        } => {
            if config.is_production() {
                return Err("the token subcommand is refused when HUB_ENV=production".into());
            }
            let mut request = TokenRequest::new(role, &partnerships);
            request.agency = agency;
            request.name = name;
            request.ttl = Duration::from_secs(hours * 3600);
            if let Some(subject) = subject {
                request.subject = subject;
            }
            println!("{}", mint(&config.jwt, &request)?);
            Ok(())
        }
        Command::Schema => unreachable!("handled before configuration is read"),
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let production = config.is_production();
    let jwt = config.jwt.clone();
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tracing::info!(port = app.port(), "listening");
    if !production {
        let token = mint(
            &jwt,
            &TokenRequest {
                name: Some("Development administrator".into()),
                ..TokenRequest::new(Role::RegionalAdmin, &[])
            },
        )?;
        println!(
            "\nRegional safeguarding data hub (development)\n  Workspace: {base}/\n  GraphQL:   {base}/graphql\n  GraphiQL:  {base}/graphiql\n\n\
             A regional_admin token, valid 8 hours; the workspace and GraphiQL offer it too. As a header:\n  {{\"Authorization\": \"Bearer {token}\"}}\n\n\
             Other roles: cargo run --release -- token --role partnership_manager --partnership BRISTOL\n"
        );
    }
    app.run_until_stopped().await.map_err(|e| e.to_string())
}
