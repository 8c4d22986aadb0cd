// The extra specs Nova knows (nova/api/validation/extra_specs/, its modules' register()), as data
// for the 2.86 validation of os-extra_specs: each name with its {parameters} (a regex each) and
// the value's type (str with an enum or a pattern, int with bounds, bool). Order matters as in
// Nova: the first name that matches decides. Standard traits are os-traits 2.9.0's and standard
// resource classes os-resource-classes 1.1.0's (Debian bookworm); each also takes CUSTOM_*.

export interface SpecValue { type: 'str' | 'int' | 'bool'; enum?: string[]; pattern?: string; min?: number; max?: number }
export interface SpecValidator { name: string; params?: Record<string, string>; value: SpecValue }

/** The request group suffix of resources{group}: and trait{group}:. */
const GROUP = '([a-zA-Z0-9_-]{1,64})?';

const STANDARD_RESOURCE_CLASSES = `
  VCPU MEMORY_MB DISK_GB PCI_DEVICE SRIOV_NET_VF NUMA_SOCKET NUMA_CORE NUMA_THREAD
  NUMA_MEMORY_MB IPV4_ADDRESS VGPU VGPU_DISPLAY_HEAD NET_BW_EGR_KILOBIT_PER_SEC
  NET_BW_IGR_KILOBIT_PER_SEC PCPU MEM_ENCRYPTION_CONTEXT FPGA PGPU
  NET_PACKET_RATE_KILOPACKET_PER_SEC NET_PACKET_RATE_EGR_KILOPACKET_PER_SEC
  NET_PACKET_RATE_IGR_KILOPACKET_PER_SEC`.trim().split(/\s+/);

const STANDARD_TRAITS = `
  COMPUTE_DEVICE_TAGGING COMPUTE_NODE COMPUTE_TRUSTED_CERTS COMPUTE_SAME_HOST_COLD_MIGRATE
  COMPUTE_RESCUE_BFV COMPUTE_ACCELERATORS COMPUTE_SOCKET_PCI_NUMA_AFFINITY
  COMPUTE_REMOTE_MANAGED_PORTS COMPUTE_MEM_BACKING_FILE COMPUTE_MANAGED_PCI_DEVICE
  COMPUTE_ARCH_AARCH64 COMPUTE_ARCH_PPC64LE COMPUTE_ARCH_MIPSEL COMPUTE_ARCH_S390X
  COMPUTE_ARCH_RISCV64 COMPUTE_ARCH_X86_64 COMPUTE_CONFIG_DRIVE_REGENERATION
  COMPUTE_EPHEMERAL_ENCRYPTION COMPUTE_EPHEMERAL_ENCRYPTION_PLAIN
  COMPUTE_EPHEMERAL_ENCRYPTION_LUKS COMPUTE_EPHEMERAL_ENCRYPTION_LUKSV2 COMPUTE_FIRMWARE_BIOS
  COMPUTE_FIRMWARE_UEFI COMPUTE_GRAPHICS_MODEL_BOCHS COMPUTE_GRAPHICS_MODEL_CIRRUS
  COMPUTE_GRAPHICS_MODEL_GOP COMPUTE_GRAPHICS_MODEL_NONE COMPUTE_GRAPHICS_MODEL_QXL
  COMPUTE_GRAPHICS_MODEL_VGA COMPUTE_GRAPHICS_MODEL_VIRTIO COMPUTE_GRAPHICS_MODEL_VMVGA
  COMPUTE_GRAPHICS_MODEL_XEN COMPUTE_IMAGE_TYPE_AKI COMPUTE_IMAGE_TYPE_AMI
  COMPUTE_IMAGE_TYPE_ARI COMPUTE_IMAGE_TYPE_ISO COMPUTE_IMAGE_TYPE_QCOW2 COMPUTE_IMAGE_TYPE_RAW
  COMPUTE_IMAGE_TYPE_VDI COMPUTE_IMAGE_TYPE_VHD COMPUTE_IMAGE_TYPE_VHDX COMPUTE_IMAGE_TYPE_VMDK
  COMPUTE_IMAGE_TYPE_PLOOP COMPUTE_MIGRATE_AUTO_CONVERGE COMPUTE_MIGRATE_POST_COPY
  COMPUTE_NET_ATTACH_INTERFACE COMPUTE_NET_ATTACH_INTERFACE_WITH_TAG COMPUTE_NET_VIF_MODEL_E1000
  COMPUTE_NET_VIF_MODEL_E1000E COMPUTE_NET_VIF_MODEL_LAN9118 COMPUTE_NET_VIF_MODEL_NETFRONT
  COMPUTE_NET_VIF_MODEL_NE2K_PCI COMPUTE_NET_VIF_MODEL_PCNET COMPUTE_NET_VIF_MODEL_RTL8139
  COMPUTE_NET_VIF_MODEL_SPAPR_VLAN COMPUTE_NET_VIF_MODEL_SRIOV COMPUTE_NET_VIF_MODEL_VIRTIO
  COMPUTE_NET_VIF_MODEL_VMXNET COMPUTE_NET_VIF_MODEL_VMXNET3 COMPUTE_SECURITY_TPM_1_2
  COMPUTE_SECURITY_TPM_2_0 COMPUTE_SECURITY_UEFI_SECURE_BOOT COMPUTE_STATUS_DISABLED
  COMPUTE_STORAGE_BUS_FDC COMPUTE_STORAGE_BUS_IDE COMPUTE_STORAGE_BUS_LXC
  COMPUTE_STORAGE_BUS_SATA COMPUTE_STORAGE_BUS_SCSI COMPUTE_STORAGE_BUS_USB
  COMPUTE_STORAGE_BUS_VIRTIO COMPUTE_STORAGE_BUS_UML COMPUTE_STORAGE_BUS_XEN
  COMPUTE_STORAGE_VIRTIO_FS COMPUTE_VIOMMU_MODEL_INTEL COMPUTE_VIOMMU_MODEL_SMMUV3
  COMPUTE_VIOMMU_MODEL_VIRTIO COMPUTE_VIOMMU_MODEL_AUTO COMPUTE_VOLUME_ATTACH
  COMPUTE_VOLUME_ATTACH_WITH_TAG COMPUTE_VOLUME_EXTEND COMPUTE_VOLUME_MULTI_ATTACH HW_ARCH_ALPHA
  HW_ARCH_ARMV6 HW_ARCH_ARMV7 HW_ARCH_ARMV7B HW_ARCH_AARCH64 HW_ARCH_CRIS HW_ARCH_I686
  HW_ARCH_IA64 HW_ARCH_LM32 HW_ARCH_M68K HW_ARCH_MICROBLAZE HW_ARCH_MICROBLAZEEL HW_ARCH_MIPS
  HW_ARCH_MIPSEL HW_ARCH_MIPS64 HW_ARCH_MIPS64EL HW_ARCH_OPENRISC HW_ARCH_PARISC
  HW_ARCH_PARISC64 HW_ARCH_PPC HW_ARCH_PPCLE HW_ARCH_PPC64 HW_ARCH_PPC64LE HW_ARCH_PPCEMB
  HW_ARCH_S390 HW_ARCH_S390X HW_ARCH_SH4 HW_ARCH_SH4EB HW_ARCH_SPARC HW_ARCH_SPARC64
  HW_ARCH_UNICORE32 HW_ARCH_X86_64 HW_ARCH_XTENSA HW_ARCH_XTENSAEB HW_CPU_HYPERTHREADING
  HW_CPU_AARCH64_FP HW_CPU_AARCH64_ASIMD HW_CPU_AARCH64_EVTSTRM HW_CPU_AARCH64_AES
  HW_CPU_AARCH64_PMULL HW_CPU_AARCH64_SHA1 HW_CPU_AARCH64_SHA2 HW_CPU_AARCH64_CRC32
  HW_CPU_AARCH64_FPHP HW_CPU_AARCH64_ASIMDHP HW_CPU_AARCH64_ASIMDRDM HW_CPU_AARCH64_ATOMICS
  HW_CPU_AARCH64_JSCVT HW_CPU_AARCH64_FCMA HW_CPU_AARCH64_LRCPC HW_CPU_AARCH64_DCPOP
  HW_CPU_AARCH64_SHA3 HW_CPU_AARCH64_SM3 HW_CPU_AARCH64_SM4 HW_CPU_AARCH64_ASIMDDP
  HW_CPU_AARCH64_SHA512 HW_CPU_AARCH64_SVE HW_CPU_AARCH64_CPUID HW_CPU_AMD_SEV
  HW_CPU_PPC64LE_POWER8 HW_CPU_PPC64LE_POWER9 HW_CPU_X86_AVX HW_CPU_X86_AVX2 HW_CPU_X86_CLMUL
  HW_CPU_X86_FMA3 HW_CPU_X86_FMA4 HW_CPU_X86_F16C HW_CPU_X86_MMX HW_CPU_X86_SSE HW_CPU_X86_SSE2
  HW_CPU_X86_SSE3 HW_CPU_X86_SSSE3 HW_CPU_X86_SSE41 HW_CPU_X86_SSE42 HW_CPU_X86_SSE4A
  HW_CPU_X86_XOP HW_CPU_X86_3DNOW HW_CPU_X86_AVX512F HW_CPU_X86_AVX512CD HW_CPU_X86_AVX512PF
  HW_CPU_X86_AVX512ER HW_CPU_X86_AVX512VL HW_CPU_X86_AVX512BW HW_CPU_X86_AVX512DQ
  HW_CPU_X86_AVX512VNNI HW_CPU_X86_AVX512VBMI HW_CPU_X86_AVX512IFMA HW_CPU_X86_AVX512VBMI2
  HW_CPU_X86_AVX512BITALG HW_CPU_X86_AVX512VAES HW_CPU_X86_AVX512GFNI
  HW_CPU_X86_AVX512VPCLMULQDQ HW_CPU_X86_AVX512VPOPCNTDQ HW_CPU_X86_ABM HW_CPU_X86_BMI
  HW_CPU_X86_BMI2 HW_CPU_X86_TBM HW_CPU_X86_AESNI HW_CPU_X86_SHA HW_CPU_X86_MPX HW_CPU_X86_SGX
  HW_CPU_X86_TSX HW_CPU_X86_ASF HW_CPU_X86_VMX HW_CPU_X86_SVM HW_CPU_X86_PDPE1GB
  HW_CPU_X86_STIBP HW_CPU_X86_AMD_SEV HW_CPU_X86_AMD_SVM HW_CPU_X86_AMD_IBPB
  HW_CPU_X86_AMD_NO_SSB HW_CPU_X86_AMD_SSBD HW_CPU_X86_AMD_VIRT_SSBD HW_CPU_X86_INTEL_MD_CLEAR
  HW_CPU_X86_INTEL_PCID HW_CPU_X86_INTEL_SPEC_CTRL HW_CPU_X86_INTEL_SSBD HW_CPU_X86_INTEL_VMX
  HW_GPU_API_DIRECTX_V10 HW_GPU_API_DIRECTX_V11 HW_GPU_API_DIRECTX_V12 HW_GPU_API_DIRECT2D
  HW_GPU_API_DIRECT3D_V6_0 HW_GPU_API_DIRECT3D_V7_0 HW_GPU_API_DIRECT3D_V8_0
  HW_GPU_API_DIRECT3D_V8_1 HW_GPU_API_DIRECT3D_V9_0 HW_GPU_API_DIRECT3D_V9_0B
  HW_GPU_API_DIRECT3D_V9_0C HW_GPU_API_DIRECT3D_V9_0L HW_GPU_API_DIRECT3D_V10_0
  HW_GPU_API_DIRECT3D_V10_1 HW_GPU_API_DIRECT3D_V11_0 HW_GPU_API_DIRECT3D_V11_1
  HW_GPU_API_DIRECT3D_V11_2 HW_GPU_API_DIRECT3D_V11_3 HW_GPU_API_DIRECT3D_V12_0
  HW_GPU_API_VULKAN HW_GPU_API_DXVA HW_GPU_API_OPENCL_V1_0 HW_GPU_API_OPENCL_V1_1
  HW_GPU_API_OPENCL_V1_2 HW_GPU_API_OPENCL_V2_0 HW_GPU_API_OPENCL_V2_1 HW_GPU_API_OPENCL_V2_2
  HW_GPU_API_OPENGL_V1_1 HW_GPU_API_OPENGL_V1_2 HW_GPU_API_OPENGL_V1_3 HW_GPU_API_OPENGL_V1_4
  HW_GPU_API_OPENGL_V1_5 HW_GPU_API_OPENGL_V2_0 HW_GPU_API_OPENGL_V2_1 HW_GPU_API_OPENGL_V3_0
  HW_GPU_API_OPENGL_V3_1 HW_GPU_API_OPENGL_V3_2 HW_GPU_API_OPENGL_V3_3 HW_GPU_API_OPENGL_V4_0
  HW_GPU_API_OPENGL_V4_1 HW_GPU_API_OPENGL_V4_2 HW_GPU_API_OPENGL_V4_3 HW_GPU_API_OPENGL_V4_4
  HW_GPU_API_OPENGL_V4_5 HW_GPU_CUDA_COMPUTE_CAPABILITY_V1_0 HW_GPU_CUDA_COMPUTE_CAPABILITY_V1_1
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V1_2 HW_GPU_CUDA_COMPUTE_CAPABILITY_V1_3
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V2_0 HW_GPU_CUDA_COMPUTE_CAPABILITY_V2_1
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V3_0 HW_GPU_CUDA_COMPUTE_CAPABILITY_V3_2
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V3_5 HW_GPU_CUDA_COMPUTE_CAPABILITY_V3_7
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V5_0 HW_GPU_CUDA_COMPUTE_CAPABILITY_V5_2
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V5_3 HW_GPU_CUDA_COMPUTE_CAPABILITY_V6_0
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V6_1 HW_GPU_CUDA_COMPUTE_CAPABILITY_V6_2
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V7_0 HW_GPU_CUDA_COMPUTE_CAPABILITY_V7_1
  HW_GPU_CUDA_COMPUTE_CAPABILITY_V7_2 HW_GPU_CUDA_SDK_V6_5 HW_GPU_CUDA_SDK_V7_5
  HW_GPU_CUDA_SDK_V8_0 HW_GPU_CUDA_SDK_V9_0 HW_GPU_CUDA_SDK_V9_1 HW_GPU_CUDA_SDK_V9_2
  HW_GPU_CUDA_SDK_V10_0 HW_GPU_MAX_DISPLAY_HEADS_1 HW_GPU_MAX_DISPLAY_HEADS_2
  HW_GPU_MAX_DISPLAY_HEADS_4 HW_GPU_MAX_DISPLAY_HEADS_6 HW_GPU_MAX_DISPLAY_HEADS_8
  HW_GPU_RESOLUTION_W320H240 HW_GPU_RESOLUTION_W640H480 HW_GPU_RESOLUTION_W800H600
  HW_GPU_RESOLUTION_W1024H600 HW_GPU_RESOLUTION_W1024H768 HW_GPU_RESOLUTION_W1152H864
  HW_GPU_RESOLUTION_W1280H720 HW_GPU_RESOLUTION_W1280H768 HW_GPU_RESOLUTION_W1280H800
  HW_GPU_RESOLUTION_W1280H1024 HW_GPU_RESOLUTION_W1360H768 HW_GPU_RESOLUTION_W1366H768
  HW_GPU_RESOLUTION_W1440H900 HW_GPU_RESOLUTION_W1600H900 HW_GPU_RESOLUTION_W1600H1200
  HW_GPU_RESOLUTION_W1680H1050 HW_GPU_RESOLUTION_W1920H1080 HW_GPU_RESOLUTION_W1920H1200
  HW_GPU_RESOLUTION_W2560H1440 HW_GPU_RESOLUTION_W2560H1600 HW_GPU_RESOLUTION_W3840H2160
  HW_GPU_RESOLUTION_W7680H4320 HW_NIC_SRIOV HW_NIC_MULTIQUEUE HW_NIC_VMDQ
  HW_NIC_PROGRAMMABLE_PIPELINE HW_NIC_ACCEL_SSL HW_NIC_ACCEL_IPSEC HW_NIC_ACCEL_TLS
  HW_NIC_ACCEL_DIFFIEH HW_NIC_ACCEL_RSA HW_NIC_ACCEL_ECC HW_NIC_ACCEL_LZS HW_NIC_ACCEL_DEFLATE
  HW_NIC_DCB_PFC HW_NIC_DCB_ETS HW_NIC_DCB_QCN HW_NIC_OFFLOAD_TSO HW_NIC_OFFLOAD_GRO
  HW_NIC_OFFLOAD_GSO HW_NIC_OFFLOAD_UFO HW_NIC_OFFLOAD_LRO HW_NIC_OFFLOAD_LSO HW_NIC_OFFLOAD_TCS
  HW_NIC_OFFLOAD_UCS HW_NIC_OFFLOAD_SCS HW_NIC_OFFLOAD_L2CRC HW_NIC_OFFLOAD_FDF
  HW_NIC_OFFLOAD_RXVLAN HW_NIC_OFFLOAD_TXVLAN HW_NIC_OFFLOAD_VXLAN HW_NIC_OFFLOAD_GRE
  HW_NIC_OFFLOAD_GENEVE HW_NIC_OFFLOAD_TXUDP HW_NIC_OFFLOAD_QINQ HW_NIC_OFFLOAD_RDMA
  HW_NIC_OFFLOAD_RXHASH HW_NIC_OFFLOAD_RX HW_NIC_OFFLOAD_TX HW_NIC_OFFLOAD_SG
  HW_NIC_OFFLOAD_SWITCHDEV HW_NIC_SRIOV_QOS_TX HW_NIC_SRIOV_QOS_RX HW_NIC_SRIOV_MULTIQUEUE
  HW_NIC_SRIOV_TRUSTED HW_NUMA_ROOT MISC_SHARES_VIA_AGGREGATE OWNER_CYBORG OWNER_NOVA
  STORAGE_DISK_HDD STORAGE_DISK_SSD`.trim().split(/\s+/);

const NAMED: SpecValidator[] = [
  { name: 'accel:device_profile', value: { type: 'str' } },
  { name: 'aggregate_instance_extra_specs:{key}', params: { key: '.+' }, value: { type: 'str' } },
  { name: 'capabilities:id', value: { type: 'str' } },
  { name: 'capabilities:uuid', value: { type: 'str' } },
  { name: 'capabilities:service_id', value: { type: 'str' } },
  { name: 'capabilities:host', value: { type: 'str' } },
  { name: 'capabilities:vcpus', value: { type: 'str' } },
  { name: 'capabilities:memory_mb', value: { type: 'str' } },
  { name: 'capabilities:local_gb', value: { type: 'str' } },
  { name: 'capabilities:vcpus_used', value: { type: 'str' } },
  { name: 'capabilities:memory_mb_used', value: { type: 'str' } },
  { name: 'capabilities:local_gb_used', value: { type: 'str' } },
  { name: 'capabilities:hypervisor_type', value: { type: 'str' } },
  { name: 'capabilities:hypervisor_version', value: { type: 'str' } },
  { name: 'capabilities:hypervisor_hostname', value: { type: 'str' } },
  { name: 'capabilities:free_ram_mb', value: { type: 'str' } },
  { name: 'capabilities:free_disk_gb', value: { type: 'str' } },
  { name: 'capabilities:current_workload', value: { type: 'str' } },
  { name: 'capabilities:running_vms', value: { type: 'str' } },
  { name: 'capabilities:disk_available_least', value: { type: 'str' } },
  { name: 'capabilities:host_ip', value: { type: 'str' } },
  { name: 'capabilities:mapped', value: { type: 'str' } },
  { name: 'capabilities:cpu_allocation_ratio', value: { type: 'str' } },
  { name: 'capabilities:ram_allocation_ratio', value: { type: 'str' } },
  { name: 'capabilities:disk_allocation_ratio', value: { type: 'str' } },
  { name: 'capabilities:total_usable_ram_mb', value: { type: 'str' } },
  { name: 'capabilities:total_usable_disk_gb', value: { type: 'str' } },
  { name: 'capabilities:disk_mb_used', value: { type: 'str' } },
  { name: 'capabilities:free_disk_mb', value: { type: 'str' } },
  { name: 'capabilities:vcpus_total', value: { type: 'str' } },
  { name: 'capabilities:vcpus_used', value: { type: 'str' } },
  { name: 'capabilities:num_instances', value: { type: 'str' } },
  { name: 'capabilities:num_io_ops', value: { type: 'str' } },
  { name: 'capabilities:failed_builds', value: { type: 'str' } },
  { name: 'capabilities:aggregates', value: { type: 'str' } },
  { name: 'capabilities:cell_uuid', value: { type: 'str' } },
  { name: 'capabilities:updated', value: { type: 'str' } },
  { name: 'capabilities:cpu_info{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:metrics{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:stats{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:numa_topology{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:supported_hv_specs{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:pci_device_pools{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:nodename{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:pci_stats{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:supported_instances{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:limits{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'capabilities:instances{filter}', params: { filter: '(:\\w+)*' }, value: { type: 'str' } },
  { name: 'hw:cpu_realtime', value: { type: 'bool' } },
  { name: 'hw:cpu_realtime_mask', value: { type: 'str', pattern: '(\\^)?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' } },
  { name: 'hw:hide_hypervisor_id', value: { type: 'bool' } },
  { name: 'hw:cpu_policy', value: { type: 'str', enum: ['dedicated', 'shared', 'mixed'] } },
  { name: 'hw:cpu_thread_policy', value: { type: 'str', enum: ['prefer', 'isolate', 'require'] } },
  { name: 'hw:emulator_threads_policy', value: { type: 'str', enum: ['isolate', 'share'] } },
  { name: 'hw:cpu_dedicated_mask', value: { type: 'str', pattern: '\\^?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' } },
  { name: 'hw:mem_page_size', value: { type: 'str', pattern: '(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)' } },
  { name: 'hw:locked_memory', value: { type: 'bool' } },
  { name: 'hw:numa_nodes', value: { type: 'int', min: 1 } },
  { name: 'hw:numa_cpus.{num}', params: { num: '\\d+' }, value: { type: 'str', pattern: '\\^?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' } },
  { name: 'hw:numa_mem.{num}', params: { num: '\\d+' }, value: { type: 'int', min: 1 } },
  { name: 'hw:pci_numa_affinity_policy', value: { type: 'str', enum: ['required', 'preferred', 'legacy', 'socket'] } },
  { name: 'hw:cpu_sockets', value: { type: 'int', min: 1 } },
  { name: 'hw:cpu_cores', value: { type: 'int', min: 1 } },
  { name: 'hw:cpu_threads', value: { type: 'int', min: 1 } },
  { name: 'hw:cpu_max_sockets', value: { type: 'int', min: 1 } },
  { name: 'hw:cpu_max_cores', value: { type: 'int', min: 1 } },
  { name: 'hw:cpu_max_threads', value: { type: 'int', min: 1 } },
  { name: 'hw:boot_menu', value: { type: 'bool' } },
  { name: 'hw:vif_multiqueue_enabled', value: { type: 'bool' } },
  { name: 'hw:mem_encryption', value: { type: 'bool' } },
  { name: 'hw:mem_encryption_model', value: { type: 'str', enum: ['amd-sev', 'amd-sev-es', 'amd-sev-snp'] } },
  { name: 'hw:pmem', value: { type: 'str', pattern: '([a-zA-Z0-9_]+(,)?)+' } },
  { name: 'hw:pmu', value: { type: 'bool' } },
  { name: 'hw:serial_port_count', value: { type: 'int', min: 0 } },
  { name: 'hw:tpm_model', value: { type: 'str', enum: ['tpm-tis', 'tpm-crb'] } },
  { name: 'hw:tpm_version', value: { type: 'str', enum: ['1.2', '2.0'] } },
  { name: 'hw:tpm_secret_security', value: { type: 'str', enum: ['user', 'host', 'deployment'] } },
  { name: 'hw:watchdog_action', value: { type: 'str', enum: ['none', 'pause', 'poweroff', 'reset', 'disabled'] } },
  { name: 'hw:viommu_model', value: { type: 'str', enum: ['intel', 'smmuv3', 'virtio', 'auto'] } },
  { name: 'hw:virtio_packed_ring', value: { type: 'bool' } },
  { name: 'hw:sound_model', value: { type: 'str', enum: ['sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich9', 'usb', 'virtio'] } },
  { name: 'hw:usb_model', value: { type: 'str', enum: ['none', 'nec-xhci', 'qemu-xhci'] } },
  { name: 'hw:redirected_usb_ports', value: { type: 'int', min: 0, max: 15 } },
  { name: 'hw:ephemeral_encryption', value: { type: 'bool' } },
  { name: 'hw:ephemeral_encryption_format', value: { type: 'str', enum: ['plain', 'luks', 'luksv2'] } },
  { name: 'hw_rng:allowed', value: { type: 'bool' } },
  { name: 'hw_rng:rate_bytes', value: { type: 'int', min: 0 } },
  { name: 'hw_rng:rate_period', value: { type: 'int', min: 0 } },
  { name: 'hw_video:ram_max_mb', value: { type: 'int', min: 0 } },
  { name: 'hide_hypervisor_id', value: { type: 'bool' } },
  { name: 'group_policy', value: { type: 'str', enum: ['isolate', 'none'] } },
  { name: 'os:secure_boot', value: { type: 'str', enum: ['disabled', 'required'] } },
  { name: 'pci_passthrough:alias', value: { type: 'str', pattern: '[^:]+:\\d+(?:\\s*,\\s*[^:]+:\\d+)*' } },
  { name: 'quota:cpu_limit', value: { type: 'int', min: 0 } },
  { name: 'quota:cpu_reservation', value: { type: 'int' } },
  { name: 'quota:cpu_shares_level', value: { type: 'str', enum: ['custom', 'high', 'normal', 'low'] } },
  { name: 'quota:cpu_shares_share', value: { type: 'int', min: 0 } },
  { name: 'quota:memory_limit', value: { type: 'int', min: 0 } },
  { name: 'quota:memory_reservation', value: { type: 'int' } },
  { name: 'quota:memory_shares_level', value: { type: 'str', enum: ['custom', 'high', 'normal', 'low'] } },
  { name: 'quota:memory_shares_share', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_io_limit', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_io_reservation', value: { type: 'int' } },
  { name: 'quota:disk_io_shares_level', value: { type: 'str', enum: ['custom', 'high', 'normal', 'low'] } },
  { name: 'quota:disk_io_shares_share', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_limit', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_reservation', value: { type: 'int' } },
  { name: 'quota:vif_shares_level', value: { type: 'str', enum: ['custom', 'high', 'normal', 'low'] } },
  { name: 'quota:vif_shares_share', value: { type: 'int', min: 0 } },
  { name: 'quota:cpu_shares', value: { type: 'int', min: 0 } },
  { name: 'quota:cpu_period', value: { type: 'int', min: 0 } },
  { name: 'quota:cpu_quota', value: { type: 'int' } },
  { name: 'quota:disk_read_bytes_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_read_iops_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_write_bytes_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_write_iops_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_total_bytes_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_total_iops_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_inbound_average', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_inbound_peak', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_inbound_burst', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_outbound_average', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_outbound_peak', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_outbound_burst', value: { type: 'int', min: 0 } },
  { name: 'vmware:hw_version', value: { type: 'str' } },
  { name: 'vmware:storage_policy', value: { type: 'str' } },
];

const RESOURCES: SpecValidator[] = [
  ...STANDARD_RESOURCE_CLASSES.map((rc) => ({ name: `resources{group}:${rc}`, params: { group: GROUP }, value: { type: 'int' as const } })),
  { name: 'resources{group}:CUSTOM_{resource}', params: { group: GROUP, resource: '[A-Z0-9_]+' }, value: { type: 'int' } },
];

const TRAIT_VALUE: SpecValue = { type: 'str', enum: ['required', 'forbidden'] };
const TRAITS: SpecValidator[] = [
  ...STANDARD_TRAITS.map((t) => ({ name: `trait{group}:${t}`, params: { group: GROUP }, value: TRAIT_VALUE })),
  { name: 'trait{group}:CUSTOM_{trait}', params: { group: GROUP, trait: '[A-Z0-9_]+' }, value: TRAIT_VALUE },
];

/** In the order of Nova's entry points: accel … quota, resources, traits, vmware. */
export const EXTRA_SPEC_VALIDATORS: readonly SpecValidator[] = [
  ...NAMED.filter((v) => !v.name.startsWith('vmware:')), ...RESOURCES, ...TRAITS, ...NAMED.filter((v) => v.name.startsWith('vmware:')),
];
