// The SDK outside the cloud: skip the metadata probe, give it (any) credentials, keep it quiet.
process.env.TENCENTCLOUD = 'true';
process.env.TENCENTCLOUD_SECRETID ??= 'local-secret-id';
process.env.TENCENTCLOUD_SECRETKEY ??= 'local-secret-key';
process.env.SILENCE = 'true';
