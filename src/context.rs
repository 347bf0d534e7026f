//! What every thread of the server shares.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Local};

use crate::auth_client::{AuthClient, SubscriptionStore};
use crate::config::{Config, InstanceConfig};
use crate::events::Events;
use crate::metrics::Metrics;
use crate::registry::Registry;
use crate::shutdown::Shutdown;
use crate::status::StatusBoard;

/// Server-wide state: configuration, the session registry, counters, the event bus.
pub struct Shared {
    pub config: Arc<Config>,
    pub registry: Registry,
    pub metrics: Metrics,
    pub events: Events,
    pub status: StatusBoard,
    pub shutdown: Shutdown,
    pub started_at: DateTime<Local>,
    pub started: Instant,
    /// The database's copy of subscriptions, for INFO when the auth server is unreachable.
    pub subscriptions: Option<Arc<dyn SubscriptionStore>>,
    pub instances: Vec<Arc<Instance>>,
}

/// One `SRV_n_*` instance: its settings and its auth client.
pub struct Instance {
    pub config: InstanceConfig,
    pub auth: AuthClient,
}

impl Instance {
    pub fn new(config: InstanceConfig) -> Self {
        let auth = AuthClient::new(&config.rest_url);
        Instance { config, auth }
    }
}

impl Shared {
    pub fn new(
        config: Config,
        events: Events,
        shutdown: Shutdown,
        subscriptions: Option<Arc<dyn SubscriptionStore>>,
    ) -> Shared {
        let instances = config
            .instances
            .iter()
            .cloned()
            .map(|c| Arc::new(Instance::new(c)))
            .collect();
        Shared {
            config: Arc::new(config),
            registry: Registry::new(),
            metrics: Metrics::default(),
            events,
            status: StatusBoard::default(),
            shutdown,
            started_at: Local::now(),
            started: Instant::now(),
            subscriptions,
            instances,
        }
    }

    pub fn instance(&self, number: usize) -> Option<&Arc<Instance>> {
        self.instances.iter().find(|i| i.config.number == number)
    }

    pub fn version() -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}
