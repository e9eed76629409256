//! What the transport's test files share.

/// Each named test twice: with the connections driven by the transport's
/// tasks (`tasks::NAME`), then by its callers (`blocking::NAME`, a
/// transport built with `blocking(true)`). Each `NAME` is an `async fn
/// NAME(blocking: bool)` of the file. A runtime with workers, so that a
/// test's server goes on while a blocking call holds the test's thread.
macro_rules! both_ways {
    ($($name:ident),* $(,)?) => {
        mod tasks {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(false).await;
                }
            )*
        }
        mod blocking {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(true).await;
                }
            )*
        }
    };
}
