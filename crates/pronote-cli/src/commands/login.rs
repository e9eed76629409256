//! `login`, `logout`, `profiles`.

use std::io::{IsTerminal, Read};

use pronote_api::{Credentials, LoginBuilder, Secret};

use crate::cli::LoginArgs;
use crate::error::{CliError, CliResult, LoginKind};
use crate::output::{Table, print, print_json, title};
use crate::session::{Ctx, finish_login, saver, select_child};

/// The environment variable holding the password for scripts.
pub(crate) const PASSWORD_ENV: &str = "PRONOTE_PASSWORD";
/// The environment variable holding a token for `login --token`.
pub(crate) const TOKEN_ENV: &str = "PRONOTE_TOKEN";
/// The environment variable holding a QR code's PIN.
pub(crate) const QR_PIN_ENV: &str = "PRONOTE_QR_PIN";

/// Reads a secret from the environment, else from the terminal without
/// echo.
pub(crate) fn secret(env: &str, prompt: &str) -> CliResult<String> {
    if let Ok(value) = std::env::var(env) {
        if !value.is_empty() {
            return Ok(value);
        }
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(format!(
            "no terminal to ask for it: set {env}"
        )));
    }
    let value = rpassword::prompt_password(prompt)
        .map_err(|e| CliError::Other(format!("reading from the terminal failed: {e}")))?;
    if value.is_empty() {
        return Err(CliError::Usage("nothing was typed".into()));
    }
    Ok(value)
}

/// The QR code's JSON: the text itself, `-` for stdin, or a file.
pub(crate) fn qr_text(arg: &str) -> CliResult<String> {
    let trimmed = arg.trim_start();
    if trimmed.starts_with('{') {
        return Ok(arg.to_owned());
    }
    if arg == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::Other(format!("reading the QR code from stdin failed: {e}")))?;
        return Ok(text);
    }
    let bytes = std::fs::read(arg).map_err(|error| CliError::File {
        doing: "reading",
        path: arg.into(),
        error,
    })?;
    if crate::qr_image::is_picture(&bytes) {
        return crate::qr_image::decode(&bytes);
    }
    String::from_utf8(bytes).map_err(|_| {
        CliError::Other(format!(
            "{arg} is neither QR-code JSON nor a PNG/JPEG picture of the code"
        ))
    })
}

/// `login`.
pub(crate) async fn login(ctx: &Ctx, args: &LoginArgs) -> CliResult<()> {
    if ctx.global.demo.is_some() {
        return Err(CliError::Usage(
            "--demo needs no login: run the reading commands with --demo directly".into(),
        ));
    }
    let store = ctx.store()?;
    let name = ctx.global.profile.clone();
    let previous = store.load_profile(&name)?;
    let child = ctx
        .global
        .child
        .clone()
        .or_else(|| previous.as_ref().and_then(|p| p.child.clone()));
    let on_credentials = saver(store.clone(), name.clone(), child.clone());

    let transport = ctx.transport()?;
    let nothing_given = args.url.is_none()
        && args.username.is_none()
        && args.qr_json.is_none()
        && !args.token
        && args.ent.is_none();
    let guided =
        args.guided || (nothing_given && previous.is_none() && std::io::stdin().is_terminal());
    // An instance address (`https://…/pronote/`): the space page from
    // `--space`, or asked on a terminal.
    let url = match &args.url {
        Some(url) if pronote_api::is_instance_root(url) => {
            let mut prompt = std::io::stdin()
                .is_terminal()
                .then(crate::commands::guided::Prompt::new);
            Some(
                crate::commands::guided::space_page(
                    &transport,
                    url,
                    args.space.map(crate::cli::SpaceArg::kind),
                    prompt.as_mut(),
                )
                .await?,
            )
        }
        other => other.clone(),
    };
    let ent_credentials;
    let mut prompt = None;
    let (builder, kind) = if guided {
        let (builder, kind, asked) = crate::commands::guided::guided(args, &transport).await?;
        prompt = Some(asked);
        (builder, kind)
    } else if let Some(provider) = &args.ent {
        let (Some(url), Some(username)) = (&url, &args.username) else {
            return Err(CliError::Usage("--ent needs --url and --username".into()));
        };
        let password = secret(PASSWORD_ENV, &format!("ENT password for {username}: "))?;
        // The SSO ends with a mobile token; logging in with it again goes
        // through the usual flow (token rotation, saving, double auth).
        ent_credentials =
            crate::commands::ent::ent_login(&transport, provider, url, username, password).await?;
        (
            LoginBuilder::credentials(&ent_credentials),
            LoginKind::Token,
        )
    } else if let Some(qr) = &args.qr_json {
        let text = qr_text(qr)?;
        let pin = match args.pin.as_deref() {
            Some(pin) if !pin.is_empty() => pin.to_owned(),
            _ => secret(QR_PIN_ENV, "QR code PIN: ")?,
        };
        // An empty UUID makes the login draw a random one.
        let device = args.device_uuid.clone().unwrap_or_default();
        let builder = LoginBuilder::qr_code(&text, pin, device)
            .map_err(|e| CliError::login(LoginKind::QrCode, e))?;
        (builder, LoginKind::QrCode)
    } else if args.token {
        let (Some(url), Some(username), Some(device)) = (&url, &args.username, &args.device_uuid)
        else {
            return Err(CliError::Usage(
                "--token needs --url, --username and --device-uuid".into(),
            ));
        };
        let token = secret(TOKEN_ENV, "Token: ")?;
        let credentials = Credentials {
            page_url: url.clone(),
            secret: Secret::Token {
                username: username.clone(),
                token,
            },
            device_uuid: device.clone(),
            navigator_id: None,
        };
        (LoginBuilder::credentials(&credentials), LoginKind::Token)
    } else if let (Some(url), Some(username)) = (&url, &args.username) {
        let password = secret(PASSWORD_ENV, &format!("Password for {username}: "))?;
        let builder =
            LoginBuilder::password(url.clone(), username.clone(), password).request_token(true);
        (builder, LoginKind::Password)
    } else if args.url.is_some() || args.username.is_some() {
        return Err(CliError::Usage(
            "a password login needs both --url and --username".into(),
        ));
    } else if let Some(profile) = &previous {
        (
            LoginBuilder::credentials(&profile.credentials),
            LoginKind::Saved,
        )
    } else {
        return Err(CliError::NoProfile { profile: name });
    };

    let client = finish_login(
        builder.transport(transport).on_credentials(on_credentials),
        kind,
        &args.device_name,
        prompt.as_mut(),
    )
    .await?;
    if let Some(child) = &child {
        select_child(&client, child).await?;
    }
    // The callback saved the credentials already; save once more with the
    // full child name (and in case the login published nothing new).
    let credentials = client
        .credentials()
        .ok_or_else(|| CliError::Other("the login gave no credentials to save".into()))?;
    let selected = if child.is_some() {
        client.selected_student().await
    } else {
        None
    };
    store.save_profile(
        &name,
        &crate::profile::Profile::new(credentials.clone(), selected),
    )?;
    let user = client.user().await;
    let path = store.profile_path(&name)?;
    if ctx.global.json {
        return print_json(&serde_json::json!({
            "profile": name,
            "path": path,
            "user": user.resource.name,
            "children": user.children.iter().map(|c| &c.name).collect::<Vec<_>>(),
            "token": matches!(credentials.secret, Secret::Token { .. }),
        }));
    }
    let how = match credentials.secret {
        Secret::Token { .. } => "a token (it rotates at every login)",
        _ => "the password (the server issued no token)",
    };
    let mut text = format!(
        "Logged in as {} — profile {name:?} saved with {how} in {}\n",
        user.resource.name,
        path.display()
    );
    if !user.children.is_empty() {
        let names: Vec<&str> = user.children.iter().map(|c| c.name.as_str()).collect();
        text.push_str(&format!(
            "Children: {} (choose with --child NAME)\n",
            names.join(", ")
        ));
    }
    print(&text)
}

/// `logout`.
pub(crate) fn logout(ctx: &Ctx) -> CliResult<()> {
    let store = ctx.store()?;
    let name = &ctx.global.profile;
    if store.remove_profile(name)? {
        print(&format!("Profile {name:?} forgotten.\n"))
    } else {
        print(&format!("No saved profile {name:?}.\n"))
    }
}

/// `profiles`.
pub(crate) fn profiles(ctx: &Ctx) -> CliResult<()> {
    let store = ctx.store()?;
    let names = store.list()?;
    let mut rows = Vec::new();
    for name in &names {
        let (user, url) = match store.load_profile(name) {
            Ok(Some(p)) => (p.credentials.username().to_owned(), p.credentials.page_url),
            _ => (String::new(), String::new()),
        };
        rows.push((name.clone(), user, url));
    }
    if ctx.global.json {
        let list: Vec<_> = rows
            .iter()
            .map(|(n, u, url)| serde_json::json!({"profile": n, "username": u, "url": url}))
            .collect();
        return print_json(&list);
    }
    if rows.is_empty() {
        return print(&format!(
            "No saved profile in {} (log in with `pronote login`).\n",
            store.dir().display()
        ));
    }
    let mut text = title(&format!("Profiles in {}", store.dir().display()));
    let mut table = Table::new(&["Profile", "Username", "Page"]);
    for (n, u, url) in rows {
        table.row(vec![n.into(), u.into(), url.into()]);
    }
    text.push_str(&table.render());
    print(&text)
}
